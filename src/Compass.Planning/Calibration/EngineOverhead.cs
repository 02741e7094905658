using Compass.Core;

namespace Compass.Planning.Calibration;

/// <summary>The serving engine's CPU-side costs, and what they rest on.</summary>
/// <param name="StepMs">Per step (scheduling, input preparation, output processing), in milliseconds.</param>
/// <param name="SequenceUs">Per sequence in a step, in microseconds.</param>
/// <param name="RequestMs">From a request's arrival to its scheduling (HTTP, tokenization, queueing), in milliseconds.</param>
/// <param name="OutputTokenMs">The API server's serial time per streamed token (detokenization, streaming), in milliseconds.</param>
/// <param name="Evidence">Where the values come from.</param>
/// <param name="Kind">What kind of evidence: measured (fitted on real serving runs) or a prior.</param>
/// <param name="RequestServiceMs">The serial part of admitting a request (one at a time, on the thread that streams tokens), in milliseconds.</param>
internal sealed record EngineOverhead(double StepMs, double SequenceUs, double RequestMs, double OutputTokenMs, string Evidence, EvidenceKind Kind = EvidenceKind.Prior, double RequestServiceMs = 0);
