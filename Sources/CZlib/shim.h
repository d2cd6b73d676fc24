#ifndef ROLLSCOPE_CZLIB_SHIM_H
#define ROLLSCOPE_CZLIB_SHIM_H

// zlib, for gzip-compressed signal files (AWS delivers access logs as .log.gz). Every Linux
// system has libz; building needs its header (Debian: zlib1g-dev).
#include <zlib.h>

// inflateInit2 is a macro over inflateInit2_, which Swift cannot call: a function instead.
static inline int rollscope_inflate_init_gzip(z_stream *stream) {
    // 15 + 32: the largest window, and gzip or zlib headers detected automatically.
    return inflateInit2(stream, 15 + 32);
}

#endif
