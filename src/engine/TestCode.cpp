#include "engine/TestCode.h"

#include "engine/Rule.h"


#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace threadlint {
namespace {

/// The test-case macros of GoogleTest, Catch2 (v2 and v3), doctest and
/// Boost.Test. A function whose declaration one of them wrote is a test body.
const llvm::StringSet<> &testCaseMacros() {
  static const llvm::StringSet<> Macros = {
      // GoogleTest
      "TEST", "TEST_F", "TEST_P", "TYPED_TEST", "TYPED_TEST_P", "GTEST_TEST", "GTEST_TEST_",
      // Catch2
      "TEST_CASE", "TEST_CASE_METHOD", "SCENARIO", "SCENARIO_METHOD", "TEMPLATE_TEST_CASE",
      "TEMPLATE_TEST_CASE_SIG", "TEMPLATE_PRODUCT_TEST_CASE", "TEMPLATE_LIST_TEST_CASE",
      "CATCH_TEST_CASE", "CATCH_TEST_CASE_METHOD", "CATCH_SCENARIO", "INTERNAL_CATCH_TESTCASE",
      "INTERNAL_CATCH_TEST_CASE_METHOD",
      // doctest
      "DOCTEST_TEST_CASE", "DOCTEST_TEST_CASE_FIXTURE", "DOCTEST_TEST_CASE_TEMPLATE",
      "TEST_CASE_FIXTURE", "TEST_CASE_TEMPLATE", "DOCTEST_CREATE_AND_REGISTER_FUNCTION",
      // Boost.Test
      "BOOST_AUTO_TEST_CASE", "BOOST_FIXTURE_TEST_CASE", "BOOST_DATA_TEST_CASE",
      "BOOST_AUTO_TEST_CASE_TEMPLATE", "BOOST_FIXTURE_TEST_CASE_TEMPLATE",
      "BOOST_DATA_TEST_CASE_F"};
  return Macros;
}

/// GoogleTest's fixtures and generated test classes derive from
/// ::testing::Test: all their members are test code.
bool isGoogleTestClass(const clang::CXXRecordDecl *record) {
  if (!record || !record->hasDefinition())
    return false;
  auto isTestingTest = [](const clang::CXXRecordDecl *base) {
    return base->getName() == "Test" && base->getDeclContext()->isNamespace() &&
           llvm::cast<clang::NamespaceDecl>(base->getDeclContext())->getName() == "testing";
  };
  if (isTestingTest(record))
    return true;
  // Walked by hand: forallBases also answers "no" for a base it cannot see
  // (a dependent Base<T>), which would make every such template a fixture.
  for (const clang::CXXBaseSpecifier &base : record->bases()) {
    const clang::CXXRecordDecl *baseRecord = base.getType()->getAsCXXRecordDecl();
    const clang::CXXRecordDecl *definition = baseRecord ? baseRecord->getDefinition() : nullptr;
    if (definition && isGoogleTestClass(definition))
      return true;
  }
  return false;
}

class TestBodyFinder : public clang::RecursiveASTVisitor<TestBodyFinder> {
public:
  TestBodyFinder(const clang::ASTContext &context, std::vector<clang::SourceRange> &bodies)
      : context_(context), sources_(context.getSourceManager()), bodies_(bodies) {}

  bool TraverseDecl(clang::Decl *decl) {
    // The standard library and other system headers hold no tests.
    if (decl && !llvm::isa<clang::TranslationUnitDecl>(decl) &&
        sources_.isInSystemHeader(sources_.getExpansionLoc(decl->getLocation())))
      return true;
    return RecursiveASTVisitor::TraverseDecl(decl);
  }

  bool VisitFunctionDecl(clang::FunctionDecl *function) {
    if (!function->doesThisDeclarationHaveABody())
      return true;
    const auto *method = llvm::dyn_cast<clang::CXXMethodDecl>(function);
    if ((method && isGoogleTestClass(method->getParent())) ||
        isExpandedFromTestMacro(function->getLocation(), context_))
      bodies_.push_back(sources_.getExpansionRange(function->getSourceRange()).getAsRange());
    return true;
  }

private:
  const clang::ASTContext &context_;
  const clang::SourceManager &sources_;
  std::vector<clang::SourceRange> &bodies_;
};

} // namespace

bool isExpandedFromTestMacro(clang::SourceLocation location, const clang::ASTContext &context) {
  const clang::SourceManager &sources = context.getSourceManager();
  while (location.isMacroID()) {
    llvm::StringRef name =
        clang::Lexer::getImmediateMacroName(location, sources, context.getLangOpts());
    if (testCaseMacros().contains(name))
      return true;
    location = sources.getImmediateMacroCallerLoc(location);
  }
  return false;
}

TestCodeIndex::TestCodeIndex(clang::ASTContext &context, const std::string &testFileRegex)
    : context_(context), sources_(context.getSourceManager()), testFiles_(testFileRegex) {
  TestBodyFinder(context, bodies_).TraverseDecl(context.getTranslationUnitDecl());
}

/// The path TestFileRegex is matched against: relative to the top of the git
/// work tree holding the file, so that where a project is checked out
/// (under ~/tests/, say) does not make all of it test code; the absolute
/// path outside any work tree.
std::string TestCodeIndex::pathForMatching(llvm::StringRef name) const {
  llvm::SmallString<256> path(name);
  sources_.getFileManager().makeAbsolutePath(path);
  llvm::sys::path::remove_dots(path, /*remove_dot_dot=*/true);
  llvm::StringRef directory = llvm::sys::path::parent_path(path);
  std::optional<std::string> &top = workTreeTops_[directory];
  if (!top) {
    top = "";
    for (llvm::StringRef candidate = directory; !candidate.empty();
         candidate = llvm::sys::path::parent_path(candidate)) {
      llvm::SmallString<256> git(candidate);
      llvm::sys::path::append(git, ".git");
      if (llvm::sys::fs::exists(git)) {
        top = candidate.str();
        break;
      }
    }
  }
  llvm::StringRef relative(path);
  if (!top->empty() && relative.consume_front(*top) && relative.consume_front("/"))
    return relative.str();
  return std::string(path);
}

bool TestCodeIndex::isTestFile(clang::FileID file) const {
  auto [cached, inserted] = testFileCache_.try_emplace(file, false);
  if (!inserted)
    return cached->second;
  bool matches = false;
  if (clang::OptionalFileEntryRef entry = sources_.getFileEntryRefForID(file))
    matches = testFiles_.match(pathForMatching(entry->getName()));
  testFileCache_[file] = matches;
  return matches;
}

bool TestCodeIndex::contains(clang::SourceLocation location) const {
  if (location.isInvalid())
    return false;
  clang::SourceLocation expansion = sources_.getExpansionLoc(location);
  if (isTestFile(sources_.getFileID(expansion)))
    return true;
  for (const clang::SourceRange &body : bodies_)
    if (sources_.isPointWithin(expansion, body.getBegin(), body.getEnd()))
      return true;
  return false;
}

bool includesTestCode(const RuleOptions &options) {
  std::optional<std::string> include = options.getLocalOrGlobal("IncludeTestCode");
  return include && llvm::is_contained({"true", "True", "TRUE", "1", "yes", "Yes", "on", "On"},
                                       llvm::StringRef(*include).trim());
}

std::string testFileRegexOf(const RuleOptions &options) {
  return options.getLocalOrGlobal("TestFileRegex").value_or(DefaultTestFileRegex);
}

TestCodeFilter::TestCodeFilter(const RuleOptions &options) : options_(options) {}

TestCodeFilter::~TestCodeFilter() = default;

bool TestCodeFilter::contains(clang::ASTContext &context, clang::SourceLocation location) {
  if (includesTestCode(options_))
    return false;
  if (!index_ || &index_->context() != &context)
    index_ = std::make_unique<TestCodeIndex>(context, testFileRegexOf(options_));
  return index_->contains(location);
}

} // namespace threadlint
