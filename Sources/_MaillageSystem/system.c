#define _GNU_SOURCE
#include "maillage_system.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/syscall.h>
#endif

int maillage_exchange_paths(const char *a, const char *b) {
#if defined(__linux__) && defined(SYS_renameat2)
    return (int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, 2 /* RENAME_EXCHANGE */);
#elif defined(__APPLE__)
    return renamex_np(a, b, RENAME_SWAP);
#else
    errno = ENOSYS;
    return -1;
#endif
}

#include <stdlib.h>
#include <zlib.h>

long long maillage_gunzip(const char *path, size_t max_bytes, unsigned char **out) {
    *out = NULL;
    gzFile file = gzopen(path, "rb");
    if (file == NULL) return MAILLAGE_GZ_CANNOT_OPEN;
    if (gzdirect(file)) {
        gzclose(file);
        return MAILLAGE_GZ_NOT_GZIP;
    }
    size_t capacity = 1 << 20, size = 0;
    unsigned char *buffer = malloc(capacity);
    if (buffer == NULL) {
        gzclose(file);
        return MAILLAGE_GZ_NO_MEMORY;
    }
    long long result = 0;
    for (;;) {
        if (size == capacity) {
            /* One byte past the limit is enough to know the data is too large. */
            if (capacity > max_bytes) { result = MAILLAGE_GZ_TOO_LARGE; break; }
            size_t larger = capacity * 2 > max_bytes + 1 ? max_bytes + 1 : capacity * 2;
            unsigned char *grown = realloc(buffer, larger);
            if (grown == NULL) { result = MAILLAGE_GZ_NO_MEMORY; break; }
            buffer = grown;
            capacity = larger;
        }
        size_t want = capacity - size;
        int n = gzread(file, buffer + size, want > (1u << 30) ? (1u << 30) : (unsigned)want);
        if (n < 0) { result = MAILLAGE_GZ_CORRUPT; break; }
        if (n == 0) {
            int error = Z_OK;
            gzerror(file, &error);
            /* A truncated stream ends with Z_BUF_ERROR ("unexpected end of file"). */
            if (error != Z_OK) result = MAILLAGE_GZ_CORRUPT;
            break;
        }
        size += (size_t)n;
        if (size > max_bytes) { result = MAILLAGE_GZ_TOO_LARGE; break; }
    }
    gzclose(file);
    if (result < 0) {
        free(buffer);
        return result;
    }
    *out = buffer;
    return (long long)size;
}

int maillage_format_g10(double x, char *out, size_t size) {
    return snprintf(out, size, "%.10g", x);
}
