using Compass.Core;
using Compass.Planning.Intent;

namespace Compass.Planning.Tests.Intent;

public sealed class IntentScenarioEvaluatorTests
{
    private static IntentScenario One(string expected) => IntentScenarioSet.Parse(
        $$"""{"scenarios": [{"id": "s", "user_message": "x", "conversation_history": null, "expected": {{expected}}}]}""").Scenarios[0];

    private static IntentExtraction With(DeploymentIntent intent) => new() { Intent = intent, UseCaseStated = true, Extractor = "test" };

    private static readonly DeploymentIntent Intent = new()
    {
        UseCase = UseCase.CodeCompletion,
        UserCount = 200,
        PreferredGpuTypes = [GpuType.H100, GpuType.A100Sxm80],
        PreferredModels = [ModelId.Qwen25Instruct7B],
        LatencyPriority = Priority.High,
        Domains = ["code"],
    };

    [Theory]
    [InlineData("""{"use_case": "code_completion"}""", true)]
    [InlineData("""{"use_case": "chatbot_conversational"}""", false)]
    [InlineData("""{"user_count": {"min": 100, "max": 500}}""", true)]
    [InlineData("""{"user_count": {"min": 201}}""", false)]
    [InlineData("""{"preferred_gpu_types": {"exact": ["A100-80", "H100"]}}""", true)]
    [InlineData("""{"preferred_gpu_types": {"exact": ["H100"]}}""", false)]
    [InlineData("""{"preferred_gpu_types": {"contains": ["H100"]}}""", true)]
    [InlineData("""{"preferred_gpu_types": {"contains_any": ["L4", "A100-80"]}}""", true)]
    [InlineData("""{"preferred_gpu_types": {"contains_any": ["L4"]}}""", false)]
    [InlineData("""{"preferred_models": {"contains_any_partial": ["qwen"]}}""", true)]
    [InlineData("""{"preferred_models": {"contains_any_partial": ["llama"]}}""", false)]
    [InlineData("""{"latency_priority": {"one_of": ["high", "medium"]}}""", true)]
    [InlineData("""{"cost_priority": {"one_of": ["high"]}}""", false)]
    [InlineData("""{"domain_specialization": {"contains": ["code"]}}""", true)]
    [InlineData("""{"experience_class": "instant"}""", false)]
    public void Evaluate_ChecksEachConstraintKind(string expected, bool passes)
    {
        Assert.Equal(passes, IntentScenarioEvaluator.Evaluate(One(expected), With(Intent)).Passed);
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("""{"items": []}""", "'scenarios' array")]
    [InlineData("""{"scenarios": [{"id": "a", "expected": {}}]}""", "scenario 'a' has no user_message")]
    [InlineData("""{"scenarios": [{"id": "a", "user_message": "x", "expected": {"colour": "red"}}]}""", "unknown expected field 'colour'")]
    [InlineData("""{"scenarios": [{"id": "a", "user_message": "x", "expected": {"use_case": {"roughly": "x"}}}]}""", "unknown constraint 'roughly'")]
    [InlineData("""{"scenarios": [{"id": "a", "user_message": "x", "expected": {}}, {"id": "a", "user_message": "y", "expected": {}}]}""", "share an id")]
    public void Parse_BadFile_SaysWhatIsWrong(string json, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => IntentScenarioSet.Parse(json));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ReportsThePassRate()
    {
        var set = ScenarioFiles.Upstream.Value;
        var report = await IntentScenarioEvaluator.RunAsync(new DeterministicIntentExtractor(TestCatalog.Catalog), set);
        Assert.Equal(set.Scenarios.Length, report.Results.Length);
        Assert.Equal(report.Results.Count(r => r.Passed), report.PassedCount);
        Assert.Equal("deterministic", report.Extractor);
    }
}
