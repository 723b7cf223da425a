// Distributed collectives over libtorch's c10d: a TCP store for the rendezvous and a Gloo process group.
// Every collective waits on its Work, so a C# caller sees a finished operation or an error, never a handle
// to poll; Gloo's own timeout (the process group's) bounds how long a collective can wait for a peer.
#include "common.h"

#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include <chrono>
#include <cstring>

namespace {

struct Store {
    c10::intrusive_ptr<c10d::TCPStore> store;
};

struct Group {
    c10::intrusive_ptr<c10d::ProcessGroupGloo> group;
    int rank;
    int size;
};

Store& store_of(nt_store s) {
    TORCH_CHECK(s != nullptr, "null store handle");
    return *static_cast<Store*>(s);
}

Group& group_of(nt_process_group g) {
    TORCH_CHECK(g != nullptr, "null process group handle");
    return *static_cast<Group*>(g);
}

// Gloo prefixes its messages with the source location ("[.../pair.cc:598] Connection closed by peer");
// the user needs the sentence after it.
std::string without_location(const std::string& message) {
    if (!message.empty() && message[0] == '[') {
        auto end = message.find("] ");
        if (end != std::string::npos) return message.substr(end + 2);
    }
    return message;
}

std::string describe(const std::exception& e) {
    if (auto error = dynamic_cast<const c10::Error*>(&e)) return without_location(error->what_without_backtrace());
    return without_location(e.what());
}

// Runs one collective to completion and names it, with this rank, in any error.
template <typename Start>
void run(Group& g, const char* operation, Start&& start) {
    try {
        auto work = start();
        work->wait();
    } catch (const std::exception& e) {
        // With two ranks the peer is known; with more, Gloo's message names the peer's address.
        auto among = g.size == 2 ? " with rank " + std::to_string(1 - g.rank)
                                 : " among " + std::to_string(g.size) + " ranks";
        throw std::runtime_error(std::string(operation) + among + " failed on rank " + std::to_string(g.rank) + ": " +
                                 describe(e));
    }
}

std::vector<at::Tensor> tensors_of(const nt_tensor* tensors, int32_t n) {
    std::vector<at::Tensor> result;
    result.reserve(n);
    for (int32_t i = 0; i < n; i++) {
        auto t = nt::tensor(tensors[i]);
        TORCH_CHECK(t.is_contiguous(), "collectives need contiguous tensors; tensor ", i, " is not");
        result.push_back(std::move(t));
    }
    return result;
}

}  // namespace

NT_API int nt_store_new(const char* host, int32_t port, int32_t is_master, int64_t timeout_ms, nt_store* out) {
    return nt::guard([&] {
        TORCH_CHECK(port >= 0 && port <= 65535, "port must be in [0, 65535], got ", port);
        TORCH_CHECK(timeout_ms > 0, "timeout must be positive, got ", timeout_ms, " ms");
        c10d::TCPStoreOptions options;
        options.port = static_cast<std::uint16_t>(port);
        options.isServer = is_master != 0;
        // The process group's rendezvous waits for the ranks (and names the missing ones); the store itself
        // does not count workers.
        options.waitWorkers = false;
        options.timeout = std::chrono::milliseconds(timeout_ms);
        try {
            *out = new Store{c10::make_intrusive<c10d::TCPStore>(host, options)};
        } catch (const std::exception& e) {
            throw std::runtime_error(describe(e));
        }
    });
}

NT_API int nt_store_port(nt_store s, int32_t* out) {
    return nt::guard([&] { *out = store_of(s).store->getPort(); });
}

NT_API void nt_store_free(nt_store s) { delete static_cast<Store*>(s); }

NT_API int nt_store_set(nt_store s, const char* key, const uint8_t* value, int64_t length) {
    return nt::guard([&] { store_of(s).store->set(key, std::vector<uint8_t>(value, value + length)); });
}

NT_API int nt_store_get(nt_store s, const char* key, uint8_t* buffer, int64_t capacity, int64_t* length) {
    return nt::guard([&] {
        auto value = store_of(s).store->get(key);
        *length = static_cast<int64_t>(value.size());
        if (*length <= capacity && !value.empty()) std::memcpy(buffer, value.data(), value.size());
    });
}

NT_API int nt_store_add(nt_store s, const char* key, int64_t delta, int64_t* out) {
    return nt::guard([&] { *out = store_of(s).store->add(key, delta); });
}

NT_API int nt_store_check(nt_store s, const char* key, int32_t* out) {
    return nt::guard([&] { *out = store_of(s).store->check({key}) ? 1 : 0; });
}

NT_API int nt_pg_new(nt_store s, int32_t rank, int32_t size, int64_t timeout_ms, const char* interface_name,
                     const char* hostname, nt_process_group* out) {
    return nt::guard([&] {
        TORCH_CHECK(size >= 1, "world size must be at least 1, got ", size);
        TORCH_CHECK(rank >= 0 && rank < size, "rank must be in [0, ", size, "), got ", rank);
        TORCH_CHECK(timeout_ms > 0, "timeout must be positive, got ", timeout_ms, " ms");
        auto options = c10d::ProcessGroupGloo::Options::create(std::chrono::milliseconds(timeout_ms));
        // Gloo binds one address per rank: the named interface, else the address a host name resolves to,
        // else the address of this machine's host name (its own default).
        if (interface_name != nullptr && interface_name[0] != '\0')
            options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(interface_name));
        else if (hostname != nullptr && hostname[0] != '\0')
            options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname(hostname));
        else
            options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
        // One Gloo worker thread: collectives are issued and waited for one at a time.
        options->threads = 1;
        // The caller's own keys (the rendezvous checks) stay apart from Gloo's.
        auto prefixed = c10::make_intrusive<c10d::PrefixStore>("gloo", store_of(s).store);
        try {
            auto group = c10::make_intrusive<c10d::ProcessGroupGloo>(prefixed, rank, size, options);
            *out = new Group{std::move(group), rank, size};
        } catch (const std::exception& e) {
            throw std::runtime_error("connecting rank " + std::to_string(rank) + " of " + std::to_string(size) +
                                     " to its peers failed: " + describe(e));
        }
    });
}

NT_API void nt_pg_free(nt_process_group g) { delete static_cast<Group*>(g); }

NT_API int nt_pg_allreduce(nt_process_group g, nt_tensor tensor, int32_t average) {
    return nt::guard([&] {
        auto& group = group_of(g);
        auto tensors = tensors_of(&tensor, 1);
        TORCH_CHECK(!average || at::isFloatingType(tensors[0].scalar_type()), "an average needs a floating-point tensor");
        // Gloo has no AVG reduction in this libtorch: sum, then divide.
        c10d::AllreduceOptions options;
        options.reduceOp = c10d::ReduceOp::SUM;
        run(group, "allreduce", [&] { return group.group->allreduce(tensors, options); });
        if (average && group.size > 1) tensors[0].div_(group.size);
    });
}

NT_API int nt_pg_broadcast(nt_process_group g, nt_tensor tensor, int32_t root) {
    return nt::guard([&] {
        auto& group = group_of(g);
        TORCH_CHECK(root >= 0 && root < group.size, "root must be a rank in [0, ", group.size, "), got ", root);
        auto tensors = tensors_of(&tensor, 1);
        c10d::BroadcastOptions options;
        options.rootRank = root;
        run(group, "broadcast", [&] { return group.group->broadcast(tensors, options); });
    });
}

NT_API int nt_pg_barrier(nt_process_group g) {
    return nt::guard([&] {
        auto& group = group_of(g);
        run(group, "barrier", [&] { return group.group->barrier(); });
    });
}

NT_API int nt_pg_all_gather(nt_process_group g, nt_tensor input, nt_tensor* outputs) {
    return nt::guard([&] {
        auto& group = group_of(g);
        auto inputs = tensors_of(&input, 1);
        std::vector<std::vector<at::Tensor>> gathered(1);
        for (int i = 0; i < group.size; i++) gathered[0].push_back(at::empty_like(inputs[0]));
        run(group, "all_gather", [&] { return group.group->allgather(gathered, inputs); });
        for (int i = 0; i < group.size; i++) outputs[i] = nt::own(gathered[0][i]);
    });
}
