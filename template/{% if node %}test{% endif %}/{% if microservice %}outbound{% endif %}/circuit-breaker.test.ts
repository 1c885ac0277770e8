/** The circuit breaker's states, on a clock the tests move by hand. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { CircuitBreaker } from "../../src/outbound/circuit-breaker.ts";

class Clock {
	now = 1000;
	readonly read = () => this.now;
}

function breaker(clock: Clock, { threshold = 3, resetSeconds = 30 } = {}): CircuitBreaker {
	return new CircuitBreaker("http://neighbour", {
		failureThreshold: threshold,
		resetSeconds,
		clock: clock.read,
	});
}

test("failures below the threshold keep the circuit closed", () => {
	const circuit = breaker(new Clock(), { threshold: 3 });

	circuit.recordFailure();
	circuit.recordFailure();

	assert.equal(circuit.state, "closed");
	assert.ok(circuit.tryAcquire());
});

test("a success resets the count of failures in a row", () => {
	const circuit = breaker(new Clock(), { threshold: 3 });

	circuit.recordFailure();
	circuit.recordFailure();
	circuit.recordSuccess();
	circuit.recordFailure();
	circuit.recordFailure();

	assert.equal(circuit.state, "closed");
});

test("the threshold opens the circuit and calls are refused", () => {
	const clock = new Clock();
	const circuit = breaker(clock, { threshold: 3, resetSeconds: 30 });

	for (let failure = 0; failure < 3; failure++) circuit.recordFailure();
	clock.now += 10;

	assert.equal(circuit.state, "open");
	assert.ok(!circuit.tryAcquire());
	assert.equal(circuit.retryAfterSeconds(), 20);
});

test("after the reset time one trial call at a time goes through", () => {
	const clock = new Clock();
	const circuit = breaker(clock, { threshold: 1, resetSeconds: 30 });
	circuit.recordFailure();
	clock.now += 30;

	assert.equal(circuit.state, "half-open");
	assert.ok(circuit.tryAcquire());
	assert.ok(!circuit.tryAcquire(), "a second call while the trial is in flight");
});

test("a successful trial closes the circuit", () => {
	const clock = new Clock();
	const circuit = breaker(clock, { threshold: 1, resetSeconds: 30 });
	circuit.recordFailure();
	clock.now += 30;
	assert.ok(circuit.tryAcquire());

	circuit.recordSuccess();

	assert.equal(circuit.state, "closed");
	assert.ok(circuit.tryAcquire());
	assert.ok(circuit.tryAcquire());
});

test("a failed trial opens the circuit for another reset time", () => {
	const clock = new Clock();
	const circuit = breaker(clock, { threshold: 5, resetSeconds: 30 });
	for (let failure = 0; failure < 5; failure++) circuit.recordFailure();
	clock.now += 31;
	assert.ok(circuit.tryAcquire());

	circuit.recordFailure();

	assert.equal(circuit.state, "open");
	assert.equal(circuit.retryAfterSeconds(), 30);
});

test("a cancelled trial lets the next call try", () => {
	const clock = new Clock();
	const circuit = breaker(clock, { threshold: 1, resetSeconds: 30 });
	circuit.recordFailure();
	clock.now += 30;
	assert.ok(circuit.tryAcquire());

	circuit.release();

	assert.equal(circuit.state, "half-open");
	assert.ok(circuit.tryAcquire());
});
