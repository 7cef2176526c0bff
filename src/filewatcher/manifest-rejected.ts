/** A manifest refused for what it contains: its message is the reason the provider reads in `.error.txt`. */
export class ManifestRejected extends Error {}
