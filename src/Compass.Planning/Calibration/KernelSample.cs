using Compass.Core;

namespace Compass.Planning.Calibration;

/// <summary>The GPU kernels a step-time calibration can learn from.</summary>
internal enum KernelOperation
{
    /// <summary>The dense GEMMs of one layer (QKV, output projection, gate/up, down) at a token count.</summary>
    Gemm,

    /// <summary>Prefill (context) attention of one layer: a batch of prompts of one length.</summary>
    PrefillAttention,

    /// <summary>Decode (generation) attention of one layer: a batch of sequences at one context length.</summary>
    DecodeAttention,

    /// <summary>One tensor-parallel all-reduce of the hidden state at a token count.</summary>
    AllReduce,

    /// <summary>The LM head (vocabulary projection), once per step, at a token count.</summary>
    Logits,
}

/// <summary>One measured kernel latency on one GPU class.</summary>
/// <param name="Model">The model whose layer was timed.</param>
/// <param name="Quantization">The weight format.</param>
/// <param name="Gpu">The GPU class.</param>
/// <param name="TensorParallel">The tensor-parallel degree (the kernel is one shard).</param>
/// <param name="Operation">The kernel.</param>
/// <param name="Tokens">Tokens (GEMM, all-reduce, logits) or batch size (attention).</param>
/// <param name="Context">Prompt length (prefill attention) or context length (decode attention); 0 otherwise.</param>
/// <param name="LatencyUs">The measured latency in microseconds.</param>
internal sealed record KernelSample(
    ModelSpec Model, Quantization Quantization, GpuType Gpu, int TensorParallel, KernelOperation Operation, int Tokens, int Context, double LatencyUs);
