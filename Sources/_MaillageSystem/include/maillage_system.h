// System calls Swift's Glibc module does not expose, for the results folders.
#ifndef MAILLAGE_SYSTEM_H
#define MAILLAGE_SYSTEM_H

/// Atomically exchanges the files or folders at `a` and `b` (Linux renameat2 with
/// RENAME_EXCHANGE; macOS renamex_np with RENAME_SWAP). Returns 0, or -1 with errno set
/// (ENOSYS or EINVAL where the file system cannot exchange).
int maillage_exchange_paths(const char *a, const char *b);

#include <stddef.h>

/// Decompresses the gzip file at `path` (zlib) into a new buffer of at most `max_bytes` bytes,
/// stored in `*out` (the caller frees it with free()). Returns the number of bytes, or
/// MAILLAGE_GZ_CANNOT_OPEN, MAILLAGE_GZ_NOT_GZIP (the file is not gzip data), MAILLAGE_GZ_CORRUPT
/// (damaged or truncated data), MAILLAGE_GZ_TOO_LARGE (more than `max_bytes` once decompressed)
/// or MAILLAGE_GZ_NO_MEMORY; `*out` is then NULL.
long long maillage_gunzip(const char *path, size_t max_bytes, unsigned char **out);

/// Writes `x` as printf's "%.10g" writes it (the C locale's decimal point: the program never
/// sets another) into `out`, at most `size` bytes with the final NUL. Returns the length of the
/// text, as snprintf does.
int maillage_format_g10(double x, char *out, size_t size);

#define MAILLAGE_GZ_CANNOT_OPEN (-1)
#define MAILLAGE_GZ_NOT_GZIP (-2)
#define MAILLAGE_GZ_CORRUPT (-3)
#define MAILLAGE_GZ_TOO_LARGE (-4)
#define MAILLAGE_GZ_NO_MEMORY (-5)

#endif
