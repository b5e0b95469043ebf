// System calls Swift's Glibc module does not expose, for the results folders.
#ifndef MAILLAGE_SYSTEM_H
#define MAILLAGE_SYSTEM_H

/// Atomically exchanges the files or folders at `a` and `b` (Linux renameat2 with
/// RENAME_EXCHANGE; macOS renamex_np with RENAME_SWAP). Returns 0, or -1 with errno set
/// (ENOSYS or EINVAL where the file system cannot exchange).
int maillage_exchange_paths(const char *a, const char *b);

#endif
