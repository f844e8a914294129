# Shortcuts for the scripts in scripts/ (the README's commands work without make too).
.PHONY: run test
run:
	scripts/run
test:
	scripts/test
