"""Items: the worked example resource. Copy this package to add a resource of your own."""
