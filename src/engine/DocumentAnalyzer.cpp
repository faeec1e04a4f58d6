#include "engine/DocumentAnalyzer.h"

#include "engine/Toolchain.h"

#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/PrecompiledPreamble.h"
#include "clang/Frontend/Utils.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "clang/Serialization/PCHContainerOperations.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/VirtualFileSystem.h"

namespace threadlint {

struct DocumentAnalyzer::Preamble {
  Preamble(std::vector<std::string> arguments, clang::PrecompiledPreamble data)
      : arguments(std::move(arguments)), data(std::move(data)) {}
  std::vector<std::string> arguments;
  clang::PrecompiledPreamble data;
};

namespace {

/// The compile command as a syntax-only clang invocation with our builtin
/// headers, like ClangTool runs it.
std::vector<std::string> syntaxOnlyArguments(const CompileCommandLine &command,
                                             const std::string &file,
                                             const std::string &resourceDir,
                                             const RuleSelection &selection) {
  using namespace clang::tooling;
  ArgumentsAdjuster adjust = combineAdjusters(
      getClangStripOutputAdjuster(),
      combineAdjusters(getClangSyntaxOnlyAdjuster(),
                       combineAdjusters(getClangStripDependencyFileAdjuster(),
                                        resourceDirAdjuster(resourceDir))));
  // The configuration's extra arguments, then what clang cannot take out:
  // the same command the CLI parses.
  adjust = combineAdjusters(
      adjust, getInsertArgumentAdjuster(selection.extraArgsBefore, ArgumentInsertPosition::BEGIN));
  adjust = combineAdjusters(
      adjust, getInsertArgumentAdjuster(selection.extraArgs, ArgumentInsertPosition::END));
  return combineAdjusters(adjust, analysisCommandAdjuster())(command.arguments, file);
}

std::shared_ptr<clang::CompilerInvocation>
makeInvocation(const std::vector<std::string> &arguments, const std::string &directory,
               llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> files,
               clang::DiagnosticConsumer &errors) {
  std::vector<const char *> argv;
  argv.reserve(arguments.size());
  for (const std::string &argument : arguments)
    argv.push_back(argument.c_str());
  llvm::IntrusiveRefCntPtr<clang::DiagnosticsEngine> diagnostics =
      clang::CompilerInstance::createDiagnostics(new clang::DiagnosticOptions, &errors,
                                                 /*ShouldOwnClient=*/false);
  // A directory that is gone leaves relative paths relative to ours.
  (void)files->setCurrentWorkingDirectory(directory);
  clang::CreateInvocationOptions options;
  options.Diags = diagnostics;
  options.VFS = files;
  return clang::createInvocation(argv, std::move(options));
}

} // namespace

DocumentAnalyzer::DocumentAnalyzer(std::string resourceDir)
    : resourceDir_(std::move(resourceDir)) {}

DocumentAnalyzer::~DocumentAnalyzer() = default;

DocumentAnalysis DocumentAnalyzer::analyze(const std::string &file, const std::string &contents,
                                           const CompileCommandLine &command,
                                           const RuleSelection &selection,
                                           const std::atomic<bool> &cancelled) {
  DocumentAnalysis analysis;
  std::unique_ptr<clang::DiagnosticConsumer> errors =
      makeCompilerErrorCollector(analysis.result);
  std::vector<std::string> arguments =
      syntaxOnlyArguments(command, file, resourceDir_, selection);
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> files = llvm::vfs::createPhysicalFileSystem();
  std::shared_ptr<clang::CompilerInvocation> invocation =
      makeInvocation(arguments, command.directory, files, *errors);
  if (!invocation || invocation->getFrontendOpts().Inputs.empty()) {
    analysis.failure = analysis.result.compilerErrors.empty()
                           ? "the compile command cannot be used to parse this file"
                           : analysis.result.compilerErrors.front();
    return analysis;
  }
  std::unique_ptr<llvm::MemoryBuffer> buffer = llvm::MemoryBuffer::getMemBufferCopy(contents, file);
  clang::PreambleBounds bounds =
      clang::ComputePreambleBounds(invocation->getLangOpts(), *buffer, /*MaxLines=*/0);

  // Reuse the preamble when the command and the text above the last include
  // are unchanged and no header changed on disk; build it otherwise.
  if (preamble_ && preamble_->arguments == arguments &&
      preamble_->data.CanReuse(*invocation, buffer->getMemBufferRef(), bounds, *files)) {
    analysis.preambleReused = true;
  } else {
    preamble_.reset();
    if (cancelled)
      return analysis.cancelled = true, analysis;
    TranslationUnitResult preambleErrors;
    std::unique_ptr<clang::DiagnosticConsumer> preambleConsumer =
        makeCompilerErrorCollector(preambleErrors);
    llvm::IntrusiveRefCntPtr<clang::DiagnosticsEngine> preambleDiagnostics =
        clang::CompilerInstance::createDiagnostics(new clang::DiagnosticOptions,
                                                   preambleConsumer.get(), false);
    clang::PreambleCallbacks callbacks;
    llvm::ErrorOr<clang::PrecompiledPreamble> built = clang::PrecompiledPreamble::Build(
        *invocation, buffer.get(), bounds, *preambleDiagnostics, files,
        std::make_shared<clang::PCHContainerOperations>(), /*StoreInMemory=*/true,
        /*StoragePath=*/"", callbacks);
    if (built) {
      preamble_ = std::make_unique<Preamble>(arguments, std::move(*built));
      analysis.preambleBuilt = true;
    }
    // Without a preamble (an include that does not parse), the whole file is
    // parsed every time; the errors then come from that parse.
  }
  if (cancelled)
    return analysis.cancelled = true, analysis;

  if (preamble_)
    preamble_->data.AddImplicitPreamble(*invocation, files, buffer.get());
  else
    invocation->getPreprocessorOpts().addRemappedFile(file, buffer.get());
  // The compiler instance owns the remapped buffer from here on.
  invocation->getPreprocessorOpts().RetainRemappedFileBuffers = false;
  llvm::MemoryBuffer *ownedByCompiler = buffer.release();
  (void)ownedByCompiler;

  clang::CompilerInstance compiler(std::make_shared<clang::PCHContainerOperations>());
  compiler.setInvocation(invocation);
  compiler.createDiagnostics(errors.get(), /*ShouldOwnClient=*/false);
  compiler.createFileManager(files);
  if (!compiler.createTarget()) {
    analysis.failure = "the compile command names a target clang does not know";
    return analysis;
  }
  ReportingPolicy policy;
  policy.traversal = TraversalScope::MainFile;
  policy.warningsAsErrors = selection.warningsAsErrors;
  std::unique_ptr<clang::tooling::FrontendActionFactory> factory =
      makeAnalysisActionFactory(selection, policy, analysis.result);
  std::unique_ptr<clang::FrontendAction> action = factory->create();
  const clang::FrontendInputFile &input = compiler.getFrontendOpts().Inputs[0];
  if (!action->BeginSourceFile(compiler, input)) {
    if (analysis.result.compilerErrors.empty())
      analysis.failure = "clang could not start on this file";
    return analysis;
  }
  if (llvm::Error error = action->Execute())
    analysis.failure = llvm::toString(std::move(error));
  action->EndSourceFile();
  analysis.cancelled = cancelled;
  return analysis;
}

} // namespace threadlint
