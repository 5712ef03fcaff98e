#ifndef VAULTDESK_CZSTD_SHIM_H
#define VAULTDESK_CZSTD_SHIM_H
#include <zstd.h>
#endif
