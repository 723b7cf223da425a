#include "common.h"

namespace {
thread_local std::string last_error;
}

void nt::set_error(std::string message) { last_error = std::move(message); }

NT_API const char* nt_last_error(void) { return last_error.c_str(); }
