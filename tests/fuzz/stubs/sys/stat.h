#include "../threadlint_fuzz_std.h"
