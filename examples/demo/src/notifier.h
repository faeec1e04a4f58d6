#pragma once

#include <string>

// Tells customers about fills.
void notifyFill(const std::string &customer, int quantity);
void notifyAll(const std::string &message);
