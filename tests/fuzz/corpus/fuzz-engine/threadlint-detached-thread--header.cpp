// A finding in a header is reported once, however often it is included.
#include "header.h"
#include "header.h"

void user(std::thread &t) { detachFromHeader(t); }
