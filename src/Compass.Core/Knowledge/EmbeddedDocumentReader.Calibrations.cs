using System.Collections.Immutable;
using System.Text.Json;

namespace Compass.Core.Knowledge;

/// <summary>The step-time calibration document (<c>engine-calibration.json</c>).</summary>
internal static partial class EmbeddedDocumentReader
{
    /// <summary>Reads an embedded calibration document.</summary>
    /// <param name="json">The UTF-8 JSON.</param>
    /// <param name="name">The document's name, for messages.</param>
    /// <returns>The coefficients.</returns>
    /// <exception cref="KnowledgeBaseException">The document is not valid.</exception>
    public static ImmutableArray<EngineCoefficients> ReadCalibrations(Stream json, string name) => ReadList(json, name, "calibrations", Calibration);

    private static EngineCoefficients Calibration(JsonElement element, string path)
    {
        GpuType? gpu = null;
        double? gemm = null, attention = null, memory = null, communication = null, allReduce = null;
        double? stepOverhead = null, sequenceOverhead = null, requestOverhead = null, outputTokenOverhead = null;
        double kvBandwidth = 0, layerOverhead = 0, stepFixed = 0, requestService = 0;
        double? activationTraffic = null;
        bool? calibrated = null;
        string? source = null, fitQuality = null;
        ImmutableArray<FormatEfficiency> formats = default;
        ImmutableArray<CoefficientEvidence> evidence = default;
        foreach (var p in Properties(element, path))
        {
            switch (p.Name)
            {
                case "gpu": gpu = Value(p, path, GpuType.Parse); break;
                case "gemmEfficiency": gemm = Number(p, path); break;
                case "attentionEfficiency": attention = Number(p, path); break;
                case "memoryEfficiency": memory = Number(p, path); break;
                case "kvBandwidthEfficiency": kvBandwidth = Number(p, path); break;
                case "activationTraffic": activationTraffic = Number(p, path); break;
                case "formats": formats = Array(p, path, FormatEfficiency); break;
                case "communicationEfficiency": communication = Number(p, path); break;
                case "allReduceLatencyUs": allReduce = Number(p, path); break;
                case "layerOverheadUs": layerOverhead = Number(p, path); break;
                case "stepFixedMs": stepFixed = Number(p, path); break;
                case "stepOverheadMs": stepOverhead = Number(p, path); break;
                case "sequenceOverheadUs": sequenceOverhead = Number(p, path); break;
                case "requestOverheadMs": requestOverhead = Number(p, path); break;
                case "requestServiceMs": requestService = Number(p, path); break;
                case "outputTokenOverheadMs": outputTokenOverhead = Number(p, path); break;
                case "source": source = Text(p, path); break;
                case "evidence": evidence = Array(p, path, Evidence); break;
                case "calibrated": calibrated = Flag(p, path); break;
                case "fitQuality": fitQuality = Text(p, path); break;
                default: throw Unknown(p, path);
            }
        }

        var coefficients = new EngineCoefficients
        {
            Gpu = gpu ?? throw Missing(path, "gpu"),
            GemmEfficiency = gemm ?? throw Missing(path, "gemmEfficiency"),
            AttentionEfficiency = attention ?? throw Missing(path, "attentionEfficiency"),
            MemoryEfficiency = memory ?? throw Missing(path, "memoryEfficiency"),
            KvBandwidthEfficiency = kvBandwidth,
            Formats = formats,
            CommunicationEfficiency = communication ?? throw Missing(path, "communicationEfficiency"),
            AllReduceLatencyUs = allReduce ?? throw Missing(path, "allReduceLatencyUs"),
            LayerOverheadUs = layerOverhead,
            StepFixedMs = stepFixed,
            StepOverheadMs = stepOverhead ?? throw Missing(path, "stepOverheadMs"),
            SequenceOverheadUs = sequenceOverhead ?? throw Missing(path, "sequenceOverheadUs"),
            RequestOverheadMs = requestOverhead ?? throw Missing(path, "requestOverheadMs"),
            RequestServiceMs = requestService,
            OutputTokenOverheadMs = outputTokenOverhead ?? throw Missing(path, "outputTokenOverheadMs"),
            Source = source ?? throw Missing(path, "source"),
            Evidence = evidence,
            FitQuality = fitQuality ?? string.Empty,
        };

        // Properties with an initializer keep it unless the document states them.
        coefficients = activationTraffic is { } traffic ? coefficients with { ActivationTraffic = traffic } : coefficients;
        return calibrated is { } flag ? coefficients with { Calibrated = flag } : coefficients;
    }

    private static FormatEfficiency FormatEfficiency(JsonElement element, string path)
    {
        Quantization? quantization = null;
        double? compute = null, bandwidth = null;
        string? evidence = null;
        foreach (var p in Properties(element, path))
        {
            switch (p.Name)
            {
                case "quantization": quantization = Value(p, path, Quantization.Parse); break;
                case "computeFactor": compute = Number(p, path); break;
                case "bandwidthFactor": bandwidth = Number(p, path); break;
                case "evidence": evidence = Text(p, path); break;
                default: throw Unknown(p, path);
            }
        }

        return new FormatEfficiency
        {
            Quantization = quantization ?? throw Missing(path, "quantization"),
            ComputeFactor = compute ?? throw Missing(path, "computeFactor"),
            BandwidthFactor = bandwidth ?? throw Missing(path, "bandwidthFactor"),
            Evidence = evidence ?? throw Missing(path, "evidence"),
        };
    }

    private static CoefficientEvidence Evidence(JsonElement element, string path)
    {
        string? part = null, detail = null;
        EvidenceKind? kind = null;
        foreach (var p in Properties(element, path))
        {
            switch (p.Name)
            {
                case "part": part = Text(p, path); break;
                case "kind": kind = Choice<EvidenceKind>(p, path); break;
                case "detail": detail = Text(p, path); break;
                default: throw Unknown(p, path);
            }
        }

        return new CoefficientEvidence(part ?? throw Missing(path, "part"), kind ?? throw Missing(path, "kind"), detail ?? throw Missing(path, "detail"));
    }
}
