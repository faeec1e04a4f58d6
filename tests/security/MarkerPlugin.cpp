// A library that announces being loaded: it creates the file named by
// $THREADLINT_TEST_MARKER. SecurityTest names it in a compilation database as
// a compiler plugin, and checks threadlint never loads it.
#include <cstdio>
#include <cstdlib>

namespace {

struct AnnounceLoad {
  AnnounceLoad() {
    if (const char *marker = std::getenv("THREADLINT_TEST_MARKER"))
      if (std::FILE *file = std::fopen(marker, "w"))
        std::fclose(file);
  }
};

const AnnounceLoad Announce;

} // namespace
