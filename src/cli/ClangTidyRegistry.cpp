// clang-tidy's options code lists the check modules linked into the program
// (for their default options). clang-tidy defines that registry in its own
// executable, which the plugin uses; the CLI and the language server link only
// the options code, so the (empty) registry is defined here.
#include "ClangTidyModuleRegistry.h"

LLVM_INSTANTIATE_REGISTRY(clang::tidy::ClangTidyModuleRegistry)
