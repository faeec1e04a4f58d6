#include "engine/DesignReport.h"

#include "threadlint/Version.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

namespace threadlint {
namespace {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

/// The guide's decision tree in C++ terms, in the order it is walked.
struct VerdictKind {
  const char *id;
  const char *title;
  const char *question; ///< the tree's question that leads here
  const char *healthy;  ///< what this branch looks like done well
};

const std::vector<VerdictKind> &verdictKinds() {
  static const std::vector<VerdictKind> Kinds = {
      {"registry", "Registry",
       "Does it keep a process-lifetime table of names?",
       "a table whose keys are bounded or removed when their owner goes (the guide: use a "
       "Registry, never create names dynamically)"},
      {"supervisor", "Supervisor / pool",
       "Does it own worker threads?",
       "a fixed number of workers, joined in the destructor, with a restart policy that backs "
       "off (the guide: async work must be supervised)"},
      {"actor", "Actor / server",
       "Does it own a thread and a mailbox it serves requests from?",
       "a bounded mailbox, callers that wait with deadlines, and reads that bypass the "
       "serialized thread (the guide: a GenServer is a bottleneck)"},
      {"state-machine", "Explicit state machine",
       "Does it switch on a state enum while holding its lock?",
       "transitions under the lock, no blocking inside them (the guide: gen_statem for "
       "explicit states)"},
      {"plain-functions", "Plain functions",
       "Does its lock guard any state at all?",
       "no lock: functions over their arguments need no process (the guide: don't use a "
       "process for code organization)"},
      {"read-mostly", "Read-mostly state",
       "Is the state read far more than written?",
       "readers that share (a shared mutex, locked shared) or read a published snapshot "
       "(the guide: ETS with read concurrency, persistent_term)"},
      {"guarded-state", "Guarded state",
       "Is it state behind one lock (or atomics)?",
       "short critical sections, no I/O or waiting inside them (the guide: an Agent for "
       "simple state)"},
  };
  return Kinds;
}

std::string key(const Json &object) {
  return object.value("name", "") + "\n" + object.value("file", "") + "\n" +
         std::to_string(object.value("line", 0u));
}

void unionInto(Json &into, const Json &from, const char *field) {
  std::set<std::string> seen;
  for (const Json &item : into[field])
    seen.insert(item.dump());
  for (const Json &item : from.value(field, Json::array()))
    if (seen.insert(item.dump()).second)
      into[field].push_back(item);
}

/// One class from every translation unit that saw it: members are the same
/// everywhere; methods (bodies live in one .cpp) and thread entries add up.
std::vector<Json> mergeClasses(const std::vector<Json> &inventories, Json &registries) {
  std::map<std::string, Json> classes;
  std::map<std::string, Json> tables;
  for (const Json &inventory : inventories) {
    if (!inventory.is_object())
      continue;
    for (const Json &registry : inventory.value("registries", Json::array()))
      tables.emplace(key(registry), registry);
    for (const Json &found : inventory.value("classes", Json::array())) {
      auto [it, inserted] = classes.emplace(key(found), found);
      if (inserted)
        continue;
      Json &merged = it->second;
      unionInto(merged, found, "runs");
      std::map<std::string, std::size_t> methodIndex;
      for (std::size_t index = 0; index < merged["methods"].size(); ++index)
        methodIndex[key(merged["methods"][index])] = index;
      for (const Json &method : found.value("methods", Json::array())) {
        auto known = methodIndex.find(key(method));
        if (known == methodIndex.end()) {
          methodIndex[key(method)] = merged["methods"].size();
          merged["methods"].push_back(method);
          continue;
        }
        Json &into = merged["methods"][known->second];
        for (const char *field : {"locks", "waits", "joins", "pushes", "switches",
                                  "switchesUnderLock"})
          unionInto(into, method, field);
        into["startsThread"] = into.value("startsThread", false) || method.value("startsThread", false);
      }
    }
  }
  for (auto &[unused, table] : tables)
    registries.push_back(table);
  std::vector<Json> result;
  for (auto &[unused, found] : classes) {
    std::sort(found["methods"].begin(), found["methods"].end(),
              [](const Json &left, const Json &right) {
                return std::make_tuple(left.value("file", ""), left.value("line", 0u)) <
                       std::make_tuple(right.value("file", ""), right.value("line", 0u));
              });
    result.push_back(std::move(found));
  }
  return result;
}

bool within(const Diagnostic &diagnostic, const std::string &file, unsigned first, unsigned last) {
  return diagnostic.position.file == file && diagnostic.position.line >= first &&
         diagnostic.position.line <= last;
}

std::vector<const Diagnostic *> findingsOf(const Json &found, const ScanReport &report) {
  std::vector<const Diagnostic *> attached;
  for (const Diagnostic &diagnostic : report.diagnostics) {
    bool inside = within(diagnostic, found.value("file", ""), found.value("line", 0u),
                         found.value("endLine", 0u));
    for (const Json &method : found["methods"])
      inside = inside || within(diagnostic, method.value("file", ""), method.value("line", 0u),
                                method.value("endLine", 0u));
    if (inside)
      attached.push_back(&diagnostic);
  }
  return attached;
}

bool hasFinding(const std::vector<const Diagnostic *> &findings,
                std::initializer_list<const char *> checks) {
  for (const Diagnostic *diagnostic : findings)
    for (const char *check : checks)
      if (diagnostic->check == check)
        return true;
  return false;
}

std::string join(const std::vector<std::string> &items, const char *separator = ", ") {
  std::string text;
  for (const std::string &item : items)
    text += (text.empty() ? "" : separator) + item;
  return text;
}

/// Walks the tree for one class.
OrderedJson verdictFor(const Json &found, const ScanReport &report) {
  std::map<std::string, std::vector<std::string>> membersByKind;
  unsigned state = 0;
  for (const Json &member : found["members"]) {
    std::string kind = member.value("kind", "");
    bool isStatic = member.value("static", false);
    membersByKind[isStatic ? "static-" + kind : kind].push_back(member.value("name", ""));
    if (!isStatic && !member.value("const", false) &&
        (kind == "data" || kind == "table" || kind == "queue" || kind == "enum" ||
         kind == "future" || kind == "promise"))
      ++state;
  }
  auto count = [&](const char *kind) { return membersByKind[kind].size(); };
  std::vector<std::string> readers, writers, readersLockingExclusively, constPushers,
      switchingUnderLock, joiners, untimedWaiters;
  bool sharedLocking = false;
  for (const Json &method : found["methods"]) {
    std::string name = method.value("name", "");
    std::string kind = method.value("kind", "");
    if (!method["switchesUnderLock"].empty())
      switchingUnderLock.push_back(name);
    if (kind == "destructor" && !method["joins"].empty())
      joiners.push_back(name);
    // Only a wait that owes a deadline by the rules' definition (a worker
    // waiting for work is the server's loop, not a caller waiting).
    for (const Json &wait : method["waits"])
      if (wait.value("owesDeadline", false) && !llvm::is_contained(untimedWaiters, name))
        untimedWaiters.push_back(name);
    if (method.value("const", false) && !method["pushes"].empty())
      constPushers.push_back(name);
    if (method["locks"].empty() || kind != "method")
      continue;
    bool shared = false;
    for (const Json &lock : method["locks"])
      shared |= lock.value("mode", "") == "shared";
    sharedLocking |= shared;
    if (method.value("const", false)) {
      readers.push_back(name);
      if (!shared)
        readersLockingExclusively.push_back(name);
    } else {
      writers.push_back(name);
    }
  }
  std::vector<const Diagnostic *> findings = findingsOf(found, report);
  unsigned mutexes = count("mutex") + count("shared-mutex");
  unsigned threads = count("thread");
  bool runsOwnEntry = false;
  for (const Json &run : found["runs"])
    runsOwnEntry |= run.value("class", "") == found.value("name", "") ||
                    llvm::StringRef(run.value("entry", "")).starts_with("lambda in ");

  std::string verdict;
  std::vector<std::string> reasons, advice;
  if (count("static-table") > 0) {
    verdict = "registry";
    reasons.push_back("a static table (" + join(membersByKind["static-table"]) +
                      ") lives as long as the process");
    if (hasFinding(findings, {"threadlint-unbounded-name-registry", "threadlint-per-key-mutex"}))
      advice.emplace_back("remove entries when their owner goes, or bound the keys; a lock per key "
                       "wants striping");
  } else if (count("thread-pool") > 0 || threads >= 2) {
    verdict = "supervisor";
    reasons.push_back("owns worker threads (" +
                      join(count("thread-pool") ? membersByKind["thread-pool"]
                                                : membersByKind["thread"]) +
                      ")");
    if (joiners.empty() && !hasFinding(findings, {"threadlint-unjoined-thread-member"}))
      reasons.emplace_back("workers are joined outside the destructor or are jthreads");
    else if (!joiners.empty())
      reasons.emplace_back("the destructor joins its workers");
    if (hasFinding(findings, {"threadlint-unjoined-thread-member", "threadlint-detached-thread"}))
      advice.emplace_back("join every worker in the destructor (or hold std::jthread)");
    if (hasFinding(findings, {"threadlint-thread-per-task"}))
      advice.emplace_back("bound the workers: a fixed pool fed by a queue, not a thread per task");
    if (hasFinding(findings, {"threadlint-unbounded-restart-loop",
                              "threadlint-exception-escapes-thread"}))
      advice.emplace_back("give the workers a restart policy: catch at the entry, back off, give up "
                       "after a limit");
  } else if ((threads == 1 || runsOwnEntry) && count("queue") > 0) {
    verdict = "actor";
    reasons.push_back("owns a thread (" + join(membersByKind["thread"]) + ") serving a mailbox (" +
                      join(membersByKind["queue"]) + ")");
    if (!constPushers.empty())
      advice.push_back("reads go through the mailbox (" + join(constPushers) +
                       "): let readers bypass the serialized thread with a snapshot or a shared "
                       "lock");
    else
      reasons.emplace_back("no reader goes through the mailbox");
    if (hasFinding(findings, {"threadlint-unbounded-queue"}))
      advice.emplace_back("bound the mailbox so callers feel back-pressure");
    else
      reasons.emplace_back("the mailbox is bounded or only filled by the class itself");
    if (hasFinding(findings, {"threadlint-untimed-wait", "threadlint-untimed-condition-wait"}) ||
        !untimedWaiters.empty())
      advice.push_back("callers wait without a deadline (" + join(untimedWaiters) +
                       "): give every synchronous call a timeout");
    if (hasFinding(findings, {"threadlint-unjoined-thread-member"}))
      advice.emplace_back("join the server thread in the destructor");
  } else if (threads == 1 || runsOwnEntry) {
    verdict = "supervisor";
    reasons.push_back("owns one worker thread" +
                      (threads ? " (" + join(membersByKind["thread"]) + ")" : std::string()) +
                      " and no mailbox");
    if (hasFinding(findings, {"threadlint-unjoined-thread-member", "threadlint-detached-thread"}))
      advice.emplace_back("join the worker in the destructor (or hold std::jthread)");
    if (hasFinding(findings, {"threadlint-unbounded-restart-loop",
                              "threadlint-exception-escapes-thread"}))
      advice.emplace_back("give the worker a restart policy that backs off");
  } else if (!switchingUnderLock.empty() && count("enum") > 0) {
    verdict = "state-machine";
    reasons.push_back("switches on " + join(membersByKind["enum"]) + " under its lock in " +
                      join(switchingUnderLock));
    if (hasFinding(findings, {"threadlint-blocking-under-lock"}))
      advice.emplace_back("do not block inside a transition: move the I/O after the unlock");
  } else if (mutexes > 0 && state == 0) {
    verdict = "plain-functions";
    reasons.push_back("its lock (" + join(membersByKind["mutex"].empty()
                                              ? membersByKind["shared-mutex"]
                                              : membersByKind["mutex"]) +
                      ") guards no mutable state");
    advice.emplace_back("drop the lock: functions over their arguments need no serialization");
  } else if (mutexes > 0 && (count("shared-mutex") > 0 ||
                             (readers.size() >= 2 && readers.size() >= 2 * writers.size()))) {
    verdict = "read-mostly";
    reasons.push_back(std::to_string(readers.size()) + " const reader(s) (" + join(readers) +
                      ") against " + std::to_string(writers.size()) + " writer(s)" +
                      (writers.empty() ? "" : " (" + join(writers) + ")"));
    if (count("shared-mutex") == 0)
      advice.emplace_back("readers serialize on an exclusive mutex: use a shared mutex locked "
                       "shared, or publish an immutable snapshot");
    else if (!readersLockingExclusively.empty())
      advice.push_back("readers " + join(readersLockingExclusively) +
                       " lock exclusively: lock them shared");
    else
      reasons.emplace_back("readers lock shared");
  } else {
    verdict = "guarded-state";
    if (mutexes > 0)
      reasons.push_back(std::to_string(state) + " member(s) of state behind " +
                        join(count("mutex") ? membersByKind["mutex"] : membersByKind["shared-mutex"]));
    else
      reasons.push_back("synchronizes through " +
                        join([&] {
                          std::vector<std::string> parts;
                          for (const char *kind : {"atomic", "condition-variable", "future",
                                                   "promise", "semaphore"})
                            for (const std::string &name : membersByKind[kind])
                              parts.push_back(name);
                          return parts;
                        }()) +
                        " without a lock");
    if (hasFinding(findings, {"threadlint-blocking-under-lock"}))
      advice.emplace_back("keep critical sections short: no I/O, sleeping or waiting under the lock");
  }
  for (const Diagnostic *diagnostic : findings)
    if (!llvm::is_contained(
            std::initializer_list<llvm::StringRef>{
                "threadlint-unbounded-name-registry", "threadlint-per-key-mutex",
                "threadlint-unjoined-thread-member", "threadlint-detached-thread",
                "threadlint-thread-per-task", "threadlint-unbounded-restart-loop",
                "threadlint-exception-escapes-thread", "threadlint-unbounded-queue",
                "threadlint-untimed-wait", "threadlint-untimed-condition-wait",
                "threadlint-blocking-under-lock", "threadlint-lock-without-state",
                "threadlint-exclusive-lock-in-reader"},
            llvm::StringRef(diagnostic->check)) &&
        advice.empty())
      advice.emplace_back("address the findings below");
  if (verdict != "plain-functions" && hasFinding(findings, {"threadlint-lock-without-state"}))
    advice.emplace_back("a lock here guards no state");

  OrderedJson attached = OrderedJson::array();
  for (const Diagnostic *diagnostic : findings)
    attached.push_back({{"check", diagnostic->check},
                        {"file", diagnostic->position.file},
                        {"line", diagnostic->position.line},
                        {"column", diagnostic->position.column},
                        {"message", diagnostic->message}});
  bool healthy = advice.empty() && findings.empty();
  // Where the tree puts the class (`verdict`) and the branch its code
  // implements now: a lock around no state is built as guarded state but
  // belongs with plain functions; readers serialized on an exclusive mutex
  // are built as guarded state but belong with read-mostly state.
  std::string branch = verdict;
  if (verdict == "plain-functions" ||
      (verdict == "read-mostly" && count("shared-mutex") == 0))
    branch = "guarded-state";
  OrderedJson result = {{"name", found.value("name", "")},
                        {"file", found.value("file", "")},
                        {"line", found.value("line", 0u)},
                        {"verdict", verdict},
                        {"branch", branch},
                        {"healthy", healthy},
                        {"reasons", reasons},
                        {"advice", advice},
                        {"findings", attached},
                        {"members", found["members"]},
                        {"methods", found["methods"]},
                        {"runs", found["runs"]}};
  return result;
}

} // namespace

nlohmann::ordered_json buildDesignReport(const std::vector<nlohmann::json> &inventories,
                                         const ScanReport &report) {
  Json registries = Json::array();
  std::vector<Json> classes = mergeClasses(inventories, registries);
  OrderedJson verdicts = OrderedJson::array();
  for (const VerdictKind &kind : verdictKinds())
    verdicts.push_back({{"id", kind.id},
                        {"title", kind.title},
                        {"question", kind.question},
                        {"healthy", kind.healthy}});
  OrderedJson judged = OrderedJson::array();
  std::map<std::string, unsigned> byVerdict;
  unsigned healthy = 0;
  for (const Json &found : classes) {
    OrderedJson verdict = verdictFor(found, report);
    ++byVerdict[verdict["verdict"].get<std::string>()];
    healthy += verdict["healthy"].get<bool>();
    judged.push_back(std::move(verdict));
  }
  OrderedJson edges = OrderedJson::array();
  for (const OrderedJson &found : judged) {
    std::string name = found["name"];
    std::map<std::string, std::string> lockModes;
    std::set<std::string> waited;
    for (const OrderedJson &method : found["methods"]) {
      for (const OrderedJson &lock : method["locks"]) {
        std::string &mode = lockModes[lock["mutex"].get<std::string>()];
        std::string seen = lock["mode"];
        mode = mode.empty() || mode == seen ? seen : "shared+exclusive";
      }
      for (const OrderedJson &wait : method["waits"])
        waited.insert(wait["on"].get<std::string>());
    }
    auto memberNode = [&name](const std::string &member) {
      std::string node = name;
      node += "::";
      node += member;
      return node;
    };
    for (const auto &[mutex, mode] : lockModes)
      edges.push_back({{"from", name}, {"to", memberNode(mutex)}, {"kind", "locks"},
                       {"mode", mode}});
    for (const std::string &object : waited)
      edges.push_back({{"from", name}, {"to", memberNode(object)}, {"kind", "waits-on"}});
    for (const OrderedJson &run : found["runs"]) {
      std::string target = run["class"].get<std::string>().empty() ||
                                   run["class"] == name
                               ? run["entry"].get<std::string>()
                               : run["class"].get<std::string>();
      edges.push_back({{"from", name}, {"to", target}, {"kind", "runs-thread-entry"},
                       {"entry", run["entry"]}});
    }
  }
  OrderedJson counts = OrderedJson::object();
  for (const VerdictKind &kind : verdictKinds())
    counts[kind.id] = byVerdict[kind.id];
  return {{"version", 1},
          {"tool", {{"name", "threadlint"}, {"version", THREADLINT_VERSION}}},
          {"sourceRoot", report.sourceRoot},
          {"summary",
           {{"classes", judged.size()},
            {"healthy", healthy},
            {"needsWork", judged.size() - healthy},
            {"byVerdict", counts},
            {"registries", registries.size()}}},
          {"verdicts", verdicts},
          {"classes", judged},
          {"registries", registries},
          {"edges", edges}};
}

} // namespace threadlint
