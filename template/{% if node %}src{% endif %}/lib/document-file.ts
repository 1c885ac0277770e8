import { existsSync, readFileSync, writeFileSync } from "node:fs";

/**
 * The command line of an export (`node src/<export>.ts <file> [--check]`): writes the
 * document `render` makes to the file, or with --check exits 1 when the committed file is
 * not that document, naming the make target that rewrites it.
 */
export async function writeOrCheck(
	command: string,
	makeTarget: string,
	render: () => Promise<string>,
): Promise<void> {
	const [file, flag] = process.argv.slice(2);
	if (!file) {
		console.error(`usage: ${command} <file> [--check]`);
		process.exit(2);
	}
	const document = await render();
	if (flag !== "--check") {
		writeFileSync(file, document);
	} else if (!existsSync(file) || readFileSync(file, "utf8") !== document) {
		console.error(`${file} is stale: run \`make ${makeTarget}\` and commit the result.`);
		process.exit(1);
	} else {
		console.log(`${file} is up to date.`);
	}
}
