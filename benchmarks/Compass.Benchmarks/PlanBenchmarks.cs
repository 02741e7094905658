using BenchmarkDotNet.Attributes;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning;
using Compass.Planning.Intent;
using Compass.Planning.Performance;
using Compass.Planning.Specification;

namespace Compass.Benchmarks;

/// <summary>
/// A full plan over the whole embedded catalog (every model × format × GPU × TP), from an already-loaded catalog:
/// extraction, specification, memory, replica search, cost and ranking.
/// </summary>
[MemoryDiagnoser]
public class PlanBenchmarks
{
    private KnowledgeCatalog _catalog = null!;
    private CapacityPlanner _planner = null!;
    private DeterministicIntentExtractor _extractor = null!;
    private PlanRequest _chatbot = null!;
    private PlanRequest _rag = null!;

    [GlobalSetup]
    public void Setup()
    {
        _catalog = EmbeddedKnowledgeBase.Catalog;
        _planner = new CapacityPlanner(_catalog, new BenchmarkPerformanceModel(_catalog));
        _extractor = new DeterministicIntentExtractor(_catalog);
        _chatbot = SpecificationBuilder.Build(
            new DeploymentIntent { UseCase = UseCase.ChatbotConversational, UserCount = 5000, LatencyPriority = Priority.High }, _catalog);
        _rag = SpecificationBuilder.Build(new DeploymentIntent { UseCase = UseCase.DocumentAnalysisRag, UserCount = 20_000 }, _catalog);
    }

    /// <summary>The README's example, end to end from text.</summary>
    [Benchmark(Baseline = true)]
    public Plan PlanFromText()
    {
        var extraction = _extractor.ExtractAsync("customer service chatbot for 5000 users, low latency").GetAwaiter().GetResult();
        return _planner.Plan(SpecificationBuilder.Build(extraction.Intent, _catalog));
    }

    /// <summary>The planner alone on the same request.</summary>
    [Benchmark]
    public Plan PlanChatbot() => _planner.Plan(_chatbot);

    /// <summary>A heavier workload: long prompts, many users.</summary>
    [Benchmark]
    public Plan PlanRag() => _planner.Plan(_rag);
}
