// A finding in a header is reported once, however often it is included.
#include "header.h"
#include "header.h"

int task() { return 0; }
void run() { fireAndForget(task); }
