// Collectives over Gloo's TCP transport, for ProcessGroup (Distributed/ProcessGroup.cs).
//
// TorchSharp has no torch.distributed, and libtorch's c10d cannot be reached without its headers, so this file
// drives Debian's libgloo directly. Tensors arrive as data pointers of contiguous CPU memory with an element
// count and an element kind; nothing here knows libtorch.
//
// This Gloo has no TCP store, and the store the ranks meet at lives in C# (Distributed/TcpStore.cs). Gloo's
// connectFullMesh reaches it through RendezvousStore below, a gloo::rendezvous::Store whose set/get/wait call
// back into C#. A callback never throws: it returns non-zero and C# keeps its own exception, which it rethrows
// once the call here has returned.
//
// Every entry point catches everything and returns a status with a message in the caller's buffer, as
// guard.cpp does: an exception that reached the .NET runtime would terminate the process.
#include <gloo/allgather.h>
#include <gloo/allreduce.h>
#include <gloo/barrier.h>
#include <gloo/broadcast.h>
#include <gloo/rendezvous/context.h>
#include <gloo/rendezvous/store.h>
#include <gloo/transport/tcp/device.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

constexpr int kOk = 0;
constexpr int kFailed = 1;       // the message says why
constexpr int kStoreFailed = 2;  // a store callback failed; C# holds the exception

// The element kinds an allreduce can sum; the numbers are DistributedNative.ElementKind's.
enum ElementKind : std::int32_t {
    kFloat32 = 0,
    kFloat64 = 1,
    kInt8 = 2,
    kUInt8 = 3,
    kInt16 = 4,
    kInt32 = 5,
    kInt64 = 6,
};

// The C# side of the rendezvous store: each returns 0, or non-zero after keeping the exception it caught.
// get fills at most `capacity` bytes and always reports the value's full length, so a caller whose buffer was
// too small asks again with a larger one.
struct StoreCallbacks {
    void* state;
    int (*set)(void* state, const char* key, const char* data, std::int64_t length);
    int (*get)(void* state, const char* key, char* buffer, std::int64_t capacity, std::int64_t* length);
    int (*wait)(void* state, const char* const* keys, std::int64_t count, std::int64_t timeout_ms);
};

// Thrown inside this file only, so that the entry point can tell C# to rethrow its own exception.
struct StoreCallbackFailed : std::exception {
    const char* what() const noexcept override { return "the rendezvous store failed"; }
};

class RendezvousStore final : public gloo::rendezvous::Store {
public:
    RendezvousStore(const StoreCallbacks& callbacks, std::chrono::milliseconds timeout)
        : callbacks_(callbacks), timeout_(timeout) {}

    void set(const std::string& key, const std::vector<char>& data) override {
        check(callbacks_.set(callbacks_.state, key.c_str(), data.data(), static_cast<std::int64_t>(data.size())));
    }

    // Gloo expects get to wait for the key; the C# side waits up to the store's timeout.
    std::vector<char> get(const std::string& key) override {
        std::vector<char> value(kInitialCapacity);
        std::int64_t length = 0;
        check(callbacks_.get(callbacks_.state, key.c_str(), value.data(), static_cast<std::int64_t>(value.size()), &length));
        if (length > static_cast<std::int64_t>(value.size())) {
            value.resize(static_cast<std::size_t>(length));
            check(callbacks_.get(callbacks_.state, key.c_str(), value.data(), length, &length));
        }
        value.resize(static_cast<std::size_t>(length));
        return value;
    }

    void wait(const std::vector<std::string>& keys) override { wait(keys, timeout_); }

    void wait(const std::vector<std::string>& keys, const std::chrono::milliseconds& timeout) override {
        std::vector<const char*> names;
        names.reserve(keys.size());
        for (const auto& key : keys) names.push_back(key.c_str());
        check(callbacks_.wait(callbacks_.state, names.data(), static_cast<std::int64_t>(names.size()), timeout.count()));
    }

private:
    // Gloo's values are pair addresses, a little over 100 bytes per peer.
    static constexpr std::size_t kInitialCapacity = 4096;

    static void check(int status) {
        if (status != 0) throw StoreCallbackFailed();
    }

    StoreCallbacks callbacks_;
    std::chrono::milliseconds timeout_;
};

struct Group {
    std::shared_ptr<gloo::rendezvous::Context> context;
    int rank;
    int size;
};

void copy_message(const std::string& text, char* message, std::int64_t capacity) {
    if (message == nullptr || capacity <= 0) return;
    std::strncpy(message, text.c_str(), static_cast<std::size_t>(capacity - 1));
    message[capacity - 1] = '\0';
}

// Gloo starts its messages with the source location ("[.../pair.cc:598] Connection closed by peer"); the user
// needs the sentence after it.
std::string without_location(const std::string& message) {
    if (!message.empty() && message[0] == '[') {
        auto end = message.find("] ");
        if (end != std::string::npos) return message.substr(end + 2);
    }
    return message;
}

template <typename Call>
int guarded(Call&& call, char* message, std::int64_t capacity) {
    try {
        call();
        return kOk;
    } catch (const StoreCallbackFailed&) {
        copy_message("", message, capacity);
        return kStoreFailed;
    } catch (const std::exception& error) {
        copy_message(without_location(error.what()), message, capacity);
        return kFailed;
    } catch (...) {
        copy_message("Gloo raised an exception that is not a std::exception", message, capacity);
        return kFailed;
    }
}

// Runs one collective and names it, with this rank and the peer (or the number of ranks), in any error.
template <typename Collective>
void run(const Group& group, const char* operation, Collective&& collective) {
    try {
        collective();
    } catch (const std::exception& error) {
        // With two ranks the peer is known; with more, Gloo's message names the peer's address.
        auto among = group.size == 2 ? " with rank " + std::to_string(1 - group.rank)
                                     : " among " + std::to_string(group.size) + " ranks";
        throw std::runtime_error(std::string(operation) + among + " failed on rank " + std::to_string(group.rank) +
                                 ": " + without_location(error.what()));
    }
}

// Element-wise sums in place: output = output + input. Gloo's own gloo::sum indexes with an int, which
// limits a segment to 2^31 elements; this one does not.
template <typename T>
void sum_into(void* output, const void* left, const void* right, std::size_t count) {
    auto* c = static_cast<T*>(output);
    const auto* a = static_cast<const T*>(left);
    const auto* b = static_cast<const T*>(right);
    for (std::size_t i = 0; i < count; ++i) c[i] = static_cast<T>(a[i] + b[i]);
}

template <typename T>
void allreduce_sum(const Group& group, void* data, std::size_t count) {
    gloo::AllreduceOptions options(group.context);
    options.setOutput(static_cast<T*>(data), count);
    options.setReduceFunction(&sum_into<T>);
    gloo::allreduce(options);
}

}  // namespace

extern "C" {

// Creates this rank's Gloo context: a TCP device bound to the interface (when named) or the host name or
// address (when given, else this machine's host name), and one connection to every other rank, arranged
// through the store. Waits at most timeout_ms, which then also bounds every collective.
int nt_dist_connect(const StoreCallbacks* callbacks, std::int32_t rank, std::int32_t size, std::int64_t timeout_ms,
                    const char* interface_name, const char* hostname, void** group, char* message,
                    std::int64_t capacity) {
    *group = nullptr;
    return guarded(
        [&] {
            if (size < 1 || rank < 0 || rank >= size || timeout_ms <= 0)
                throw std::invalid_argument("rank " + std::to_string(rank) + ", world size " + std::to_string(size) +
                                            " and timeout " + std::to_string(timeout_ms) + " ms are not a valid world");
            auto timeout = std::chrono::milliseconds(timeout_ms);
            gloo::transport::tcp::attr attributes;
            if (interface_name != nullptr && interface_name[0] != '\0')
                attributes.iface = interface_name;
            else if (hostname != nullptr && hostname[0] != '\0')
                attributes.hostname = hostname;
            RendezvousStore store(*callbacks, timeout);
            try {
                auto device = gloo::transport::tcp::CreateDevice(attributes);
                auto context = std::make_shared<gloo::rendezvous::Context>(rank, size);
                context->setTimeout(timeout);
                context->connectFullMesh(store, device);
                *group = new Group{std::move(context), rank, size};
            } catch (const StoreCallbackFailed&) {
                throw;
            } catch (const std::exception& error) {
                throw std::runtime_error("connecting rank " + std::to_string(rank) + " of " + std::to_string(size) +
                                         " to its peers failed: " + without_location(error.what()));
            }
        },
        message, capacity);
}

// Closes this rank's connections; its peers' next collective fails at once.
void nt_dist_free(void* group) { delete static_cast<Group*>(group); }

// Replaces count elements at data by their sum over the ranks.
int nt_dist_allreduce_sum(void* handle, void* data, std::int64_t count, std::int32_t kind, char* message,
                          std::int64_t capacity) {
    return guarded(
        [&] {
            const auto& group = *static_cast<Group*>(handle);
            auto n = static_cast<std::size_t>(count);
            run(group, "allreduce", [&] {
                switch (kind) {
                    case kFloat32: allreduce_sum<float>(group, data, n); break;
                    case kFloat64: allreduce_sum<double>(group, data, n); break;
                    case kInt8: allreduce_sum<std::int8_t>(group, data, n); break;
                    case kUInt8: allreduce_sum<std::uint8_t>(group, data, n); break;
                    case kInt16: allreduce_sum<std::int16_t>(group, data, n); break;
                    case kInt32: allreduce_sum<std::int32_t>(group, data, n); break;
                    case kInt64: allreduce_sum<std::int64_t>(group, data, n); break;
                    default: throw std::invalid_argument("unknown element kind " + std::to_string(kind));
                }
            });
        },
        message, capacity);
}

// Overwrites bytes at data on every rank with root's.
int nt_dist_broadcast(void* handle, void* data, std::int64_t bytes, std::int32_t root, char* message,
                      std::int64_t capacity) {
    return guarded(
        [&] {
            const auto& group = *static_cast<Group*>(handle);
            run(group, "broadcast", [&] {
                gloo::BroadcastOptions options(group.context);
                options.setOutput(static_cast<std::uint8_t*>(data), static_cast<std::size_t>(bytes));
                options.setRoot(root);
                gloo::broadcast(options);
            });
        },
        message, capacity);
}

// Writes every rank's bytes at input, in rank order, to output (size × bytes).
int nt_dist_allgather(void* handle, const void* input, void* output, std::int64_t bytes, char* message,
                      std::int64_t capacity) {
    return guarded(
        [&] {
            const auto& group = *static_cast<Group*>(handle);
            run(group, "all_gather", [&] {
                gloo::AllgatherOptions options(group.context);
                // Gloo's input pointer is not const, but it only reads it.
                options.setInput(static_cast<std::uint8_t*>(const_cast<void*>(input)), static_cast<std::size_t>(bytes));
                options.setOutput(static_cast<std::uint8_t*>(output), static_cast<std::size_t>(bytes) * group.size);
                gloo::allgather(options);
            });
        },
        message, capacity);
}

// Returns when every rank has called it.
int nt_dist_barrier(void* handle, char* message, std::int64_t capacity) {
    return guarded(
        [&] {
            const auto& group = *static_cast<Group*>(handle);
            run(group, "barrier", [&] {
                gloo::BarrierOptions options(group.context);
                gloo::barrier(options);
            });
        },
        message, capacity);
}

}  // extern "C"
