// The svelte binding (issue 21): filled in by its own commit.
export {};
