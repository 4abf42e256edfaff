"""The office's work queues: completions to confirm and extension requests to decide."""
