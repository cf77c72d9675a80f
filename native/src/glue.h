// The glue's view of one call (addon.cc): the handle a call runs on, and the checks every
// argument passes before a kernel sees it. A failed check throws a TypeError (wrong type) or a
// RangeError (a length short of what the sizes, offsets and leading dimensions reach, an integer
// out of range) naming the argument, and marks the call failed; later checks then do nothing,
// so a function checks everything and returns once.
#ifndef RECURRENT_NATIVE_GLUE_H
#define RECURRENT_NATIVE_GLUE_H

#ifndef NAPI_VERSION
#define NAPI_VERSION 8
#endif
#include <node_api.h>

#include <stdint.h>
#include <stdio.h>
#include <vector>
#include "kernels.h"
#include "pool.h"

namespace rk_glue {

// ---- per environment and per handle ------------------------------------------------------------

struct Handle;

/** What one Node environment (the main thread or a worker) holds: its open handles. */
struct Instance {
  std::vector<Handle*> handles;
};

/** An opened kernel set: the table, the pool, and one grow-only scratch buffer. */
struct Handle {
  const RkKernels* k = nullptr;
  Pool* pool = nullptr;
  int threads = 1;
  float* scratch = nullptr;
  size_t scratch_bytes = 0;
  /** Most bytes of scratch one call used since the last resetPeak. */
  size_t peak_bytes = 0;
  Instance* inst = nullptr;
};

inline const napi_type_tag kHandleTag = {0x7265637572726e74ULL, 0x6e61746976653133ULL};

// ---- argument checks ---------------------------------------------------------------------------

/** The arguments of one call. */
struct Call {
  napi_env env;
  napi_value argv[32];
  size_t argc = 32;
  bool ok = true;

  Call(napi_env e, napi_callback_info info, size_t want) : env(e) {
    napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
    if (argc < want) {
      char msg[96];
      snprintf(msg, sizeof msg, "expected %zu arguments, got %zu", want, argc);
      type_error(msg);
    }
  }

  bool type_error(const char* msg) {
    if (ok) napi_throw_type_error(env, nullptr, msg);
    ok = false;
    return false;
  }
  bool range_error(const char* msg) {
    if (ok) napi_throw_range_error(env, nullptr, msg);
    ok = false;
    return false;
  }

  double number(size_t i, const char* name) {
    double d = 0;
    if (!ok) return 0;
    if (napi_get_value_double(env, argv[i], &d) != napi_ok) {
      char msg[96];
      snprintf(msg, sizeof msg, "%s: expected a number", name);
      type_error(msg);
    }
    return d;
  }

  /** An integer in [lo, hi]. */
  int integer(size_t i, const char* name, double lo, double hi) {
    const double d = number(i, name);
    if (!ok) return 0;
    if (!(d >= lo && d <= hi) || d != (double)(int64_t)d) {
      char msg[128];
      snprintf(msg, sizeof msg, "%s: expected an integer in [%.0f, %.0f], got %g", name, lo, hi, d);
      range_error(msg);
      return 0;
    }
    return (int)d;
  }

  int dim(size_t i, const char* name) { return integer(i, name, 0, 2147483647.0); }

  bool boolean(size_t i, const char* name) {
    bool b = false;
    if (!ok) return false;
    if (napi_get_value_bool(env, argv[i], &b) != napi_ok) {
      char msg[96];
      snprintf(msg, sizeof msg, "%s: expected a boolean", name);
      type_error(msg);
    }
    return b;
  }

  bool is_null(napi_value v) {
    napi_valuetype t;
    napi_typeof(env, v, &t);
    return t == napi_null || t == napi_undefined;
  }

  /** A typed array of `type` (null allowed when `nullable`): its data and length in elements. */
  void* typed(napi_value v, const char* name, napi_typedarray_type type, bool nullable, size_t* length) {
    *length = 0;
    if (!ok) return nullptr;
    static const char* names[] = {"Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array",
      "Int32Array", "Uint32Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array"};
    if (nullable && is_null(v)) return nullptr;
    bool is = false;
    napi_is_typedarray(env, v, &is);
    napi_typedarray_type t;
    void* data = nullptr;
    if (is) napi_get_typedarray_info(env, v, &t, length, &data, nullptr, nullptr);
    if (!is || t != type) {
      char msg[128];
      snprintf(msg, sizeof msg, "%s: expected a %s%s", name, names[type], nullable ? " or null" : "");
      type_error(msg);
      return nullptr;
    }
    if (data == nullptr) {  // a detached buffer or an empty one: never dereferenced
      static float none;
      data = &none;
    }
    return data;
  }

  /** Check that `length` elements cover [offset, offset + need). */
  bool covers(const char* name, size_t length, size_t offset, size_t need) {
    if (!ok) return false;
    if (offset > length || need > length - offset) {
      char msg[160];
      snprintf(msg, sizeof msg, "%s: needs %zu elements from offset %zu, has %zu", name, need, offset, length);
      return range_error(msg);
    }
    return true;
  }

  float* f32(size_t i, const char* name, size_t need, bool nullable = false, size_t offset = 0) {
    size_t n;
    float* p = static_cast<float*>(typed(argv[i], name, napi_float32_array, nullable, &n));
    if (!p || !covers(name, n, offset, need)) return nullptr;
    return p + offset;
  }
  int32_t* i32(size_t i, const char* name, size_t need, bool nullable = false) {
    size_t n;
    int32_t* p = static_cast<int32_t*>(typed(argv[i], name, napi_int32_array, nullable, &n));
    if (!p || !covers(name, n, 0, need)) return nullptr;
    return p;
  }
  double* f64(size_t i, const char* name, size_t need, bool nullable = false) {
    size_t n;
    double* p = static_cast<double*>(typed(argv[i], name, napi_float64_array, nullable, &n));
    if (!p || !covers(name, n, 0, need)) return nullptr;
    return p;
  }

  Handle* handle(size_t i) {
    if (!ok) return nullptr;
    bool tagged = false;
    napi_valuetype t;
    napi_typeof(env, argv[i], &t);
    if (t == napi_external) napi_check_object_type_tag(env, argv[i], &kHandleTag, &tagged);
    void* data = nullptr;
    if (!tagged || napi_get_value_external(env, argv[i], &data) != napi_ok) {
      type_error("h: expected a handle from open()");
      return nullptr;
    }
    return static_cast<Handle*>(data);
  }

  /** Threads for this call: nt in [1, the handle's threads], at most `shares` and what the pool has now. */
  int threads(size_t i, Handle* h, int shares) {
    if (!ok) return 1;
    int nt = integer(i, "nt", 1, h->threads);
    if (nt > shares) nt = shares;
    if (nt > h->pool->threads()) nt = h->pool->threads();
    return nt < 1 ? 1 : nt;
  }
};

/** Floats reached by a rows × cols sub-array with leading dimension ld. */
inline size_t extent(int rows, int cols, int ld) {
  return rows == 0 || cols == 0 ? 0 : (size_t)(rows - 1) * (size_t)ld + (size_t)cols;
}

}  // namespace rk_glue

#endif
