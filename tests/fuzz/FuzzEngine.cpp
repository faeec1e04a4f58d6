// libFuzzer target: the engine with every rule on arbitrary C++ source text.
// The text is parsed against small stand-ins for the standard headers
// (stubs/, declaring what the rules' vocabulary knows), so an execution
// costs milliseconds rather than a parse of libstdc++. Whatever the input,
// the analysis ends: findings, compiler errors, or nothing.
#include "engine/Analysis.h"
#include "engine/RuleTable.h"

#include "clang/Basic/FileManager.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <cstddef>
#include <cstdint>

namespace {

threadlint::RuleSelection everyRule() {
  threadlint::RuleSelection selection;
  for (const threadlint::RuleEntry &entry : threadlint::allRules())
    selection.rules.push_back(&entry);
  return selection;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  static const threadlint::RuleSelection Selection = everyRule();
  std::string code(reinterpret_cast<const char *>(data), size);
  for (threadlint::TraversalScope scope :
       {threadlint::TraversalScope::UserCode, threadlint::TraversalScope::WholeTranslationUnit}) {
    threadlint::TranslationUnitResult result;
    threadlint::ReportingPolicy policy;
    policy.traversal = scope;
    policy.skipSystemFunctionBodies = scope == threadlint::TraversalScope::UserCode;
    std::unique_ptr<clang::tooling::FrontendActionFactory> factory =
        threadlint::makeAnalysisActionFactory(Selection, policy, result);
    std::unique_ptr<clang::DiagnosticConsumer> errors =
        threadlint::makeCompilerErrorCollector(result);
    llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> fileSystem(
        new llvm::vfs::OverlayFileSystem(llvm::vfs::getRealFileSystem()));
    llvm::IntrusiveRefCntPtr<llvm::vfs::InMemoryFileSystem> memory(
        new llvm::vfs::InMemoryFileSystem);
    fileSystem->pushOverlay(memory);
    memory->addFile("/threadlint-fuzz/input.cpp", 0,
                    llvm::MemoryBuffer::getMemBuffer(code, "input.cpp",
                                                     /*RequiresNullTerminator=*/false));
    llvm::IntrusiveRefCntPtr<clang::FileManager> files(
        new clang::FileManager(clang::FileSystemOptions(), fileSystem));
    std::vector<std::string> args{"threadlint-fuzz",     "-fsyntax-only",
                                  "-std=c++20",          "-nostdinc",
                                  "-nostdinc++",         "-isystem",
                                  THREADLINT_FUZZ_STUBS, "-fconstexpr-steps=100000",
                                  "-ftemplate-depth=64", "-ferror-limit=20",
                                  "/threadlint-fuzz/input.cpp"};
    clang::tooling::ToolInvocation invocation(args, factory->create(), files.get());
    invocation.setDiagnosticConsumer(errors.get());
    (void)invocation.run();
  }
  return 0;
}
