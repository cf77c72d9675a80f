// Embedding rows, as src/backend/js/embedding.ts: the lookup and its gradient (one thread; the
// glue has checked every id against the table).

#include <string.h>
#include "ops.h"

namespace RK_NS {

/** out[i, :] = table[ids[i], :], rows of dim floats. */
void gather_rows(const float* table, int dim, const int32_t* ids, size_t count, float* out) {
  for (size_t i = 0; i < count; i++) memcpy(out + i * dim, table + (size_t)ids[i] * dim, (size_t)dim * 4);
}

/** g_table[ids[i], :] += g[i, :] (accumulate), skipping ids equal to skip. */
void scatter_add_rows(const float* g, int dim, const int32_t* ids, size_t count, float* g_table, int skip) {
  for (size_t i = 0; i < count; i++) {
    if (ids[i] == skip) continue;
    float* __restrict d = g_table + (size_t)ids[i] * dim;
    const float* __restrict s = g + i * dim;
    for (int j = 0; j < dim; j++) d[j] += s[j];
  }
}

}  // namespace RK_NS
