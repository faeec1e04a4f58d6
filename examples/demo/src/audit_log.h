#pragma once

#include <string>

void audit(const std::string &line);
