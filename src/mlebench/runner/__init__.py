"""Running agents: agent configs, sandboxes, the validation service, run groups, executors."""
