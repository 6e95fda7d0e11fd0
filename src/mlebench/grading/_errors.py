class InvalidSubmissionError(Exception):
    """A submission cannot be graded; the message tells its author what to fix."""
