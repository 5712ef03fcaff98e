#ifndef VAULTDESK_CQRENCODE_SHIM_H
#define VAULTDESK_CQRENCODE_SHIM_H
#include <qrencode.h>
#endif
