// `threadlint merge`: joins the JSON reports of a scan split into shards.
#pragma once

namespace threadlint::cli {

int mergeReports(int argc, const char **argv);

} // namespace threadlint::cli
