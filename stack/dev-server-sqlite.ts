/**
 * SQLite pragmas for the Temporal dev server's database file (`npm start`).
 * The write-ahead log lets a commit append to one file instead of rewriting
 * pages through a rollback journal, and with it `synchronous=normal` syncs at
 * checkpoints rather than at every commit: a power cut can lose the last
 * moments of a local dev server's history, never corrupt the file. The CLI
 * passes each `--sqlite-pragma name=value` to SQLite as given. The gain is
 * measured by bench/dev-server-starts.ts.
 */
export const DEV_SERVER_SQLITE_PRAGMAS: readonly string[] = ['journal_mode=wal', 'synchronous=normal'];

/** The dev server's command-line arguments for `pragmas`. */
export const sqlitePragmaArgs = (pragmas: readonly string[]): string[] => pragmas.flatMap((pragma) => ['--sqlite-pragma', pragma]);
