#ifndef VAULTDESK_CZLIB_SHIM_H
#define VAULTDESK_CZLIB_SHIM_H
#include <zlib.h>

/// deflateInit2 is a macro Swift cannot import: a gzip stream (window bits 15 + 16).
static inline int vaultdesk_gzip_init(z_stream *stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}

/// inflateInit2 is a macro too: gzip or zlib, detected from the header (window bits 15 + 32).
static inline int vaultdesk_gunzip_init(z_stream *stream) {
    return inflateInit2(stream, 15 + 32);
}
#endif
