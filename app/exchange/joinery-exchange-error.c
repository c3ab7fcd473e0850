/* joinery-exchange-error.c: the error domain of imports and exports. */
#include "joinery-exchange-error.h"

G_DEFINE_QUARK (joinery-exchange-error-quark, joinery_exchange_error)
