# The native backend: one Node-API addon (the glue and the thread pool, compiled once) linking the
# kernel sources compiled once per instruction set, each into its own namespace (src/isa.h):
# AVX-512 and AVX2+FMA on x86-64, and a portable build everywhere. The glue picks a build at run
# time with __builtin_cpu_supports.
{
  'variables': {
    'kernel_sources': [
      'src/gemm.cc',
      'src/recurrent.cc',
      'src/gru_reset_before.cc',
      'src/optim.cc',
      'src/embed.cc',
      'src/loss.cc',
      'src/scan.cc',
      'src/table.cc',
    ],
  },
  'target_defaults': {
    'cflags!': ['-O2'],
    'cflags_cc!': ['-std=gnu++17', '-O2'],
    # -ffp-contract=off: a multiply-add is fused only where a kernel asks for it, so a vectorised
    # loop body and its scalar tail round alike and results do not depend on how work is split.
    'cflags': ['-O3', '-fvisibility=hidden', '-ffp-contract=off'],
    'cflags_cc': ['-std=c++17', '-fno-exceptions', '-fvisibility-inlines-hidden'],
    'defines': ['NAPI_VERSION=8', 'NAPI_DISABLE_CPP_EXCEPTIONS'],
    'xcode_settings': {
      'GCC_SYMBOLS_PRIVATE_EXTERN': 'YES',
      'CLANG_CXX_LANGUAGE_STANDARD': 'c++17',
      'OTHER_CFLAGS': ['-O3', '-ffp-contract=off'],
    },
  },
  'targets': [
    {
      'target_name': 'kernels_generic',
      'type': 'static_library',
      'sources': ['<@(kernel_sources)'],
    },
    {
      'target_name': 'recurrent_native',
      'sources': ['src/addon.cc', 'src/pool.cc'],
      'dependencies': ['kernels_generic'],
      'conditions': [
        ['target_arch=="x64"', {
          'dependencies': ['kernels_avx512', 'kernels_avx2'],
          'defines': ['RK_HAVE_AVX512', 'RK_HAVE_AVX2'],
        }],
        ['OS=="linux"', {
          'libraries': ['-pthread'],
          'cflags': ['-pthread'],
        }],
      ],
    },
  ],
  'conditions': [
    ['target_arch=="x64"', {
      'targets': [
        {
          'target_name': 'kernels_avx512',
          'type': 'static_library',
          'sources': ['<@(kernel_sources)'],
          'cflags': ['-mavx512f', '-mavx512vl', '-mavx512dq', '-mavx512bw', '-mfma', '-mavx2'],
          'xcode_settings': {
            'OTHER_CFLAGS': ['-O3', '-ffp-contract=off', '-mavx512f', '-mavx512vl', '-mavx512dq', '-mavx512bw', '-mfma', '-mavx2'],
          },
        },
        {
          'target_name': 'kernels_avx2',
          'type': 'static_library',
          'sources': ['<@(kernel_sources)'],
          'cflags': ['-mavx2', '-mfma'],
          'xcode_settings': {
            'OTHER_CFLAGS': ['-O3', '-ffp-contract=off', '-mavx2', '-mfma'],
          },
        },
      ],
    }],
  ],
}
