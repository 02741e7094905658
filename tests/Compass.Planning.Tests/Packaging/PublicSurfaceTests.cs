using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Core.Serialization;
using Compass.Planning.Calibration;
using Compass.Planning.Capacity;
using Compass.Planning.Intent;
using Compass.Planning.Ranking;

namespace Compass.Planning.Tests.Packaging;

/// <summary>
/// The packages' public surface is deliberate (docs/public-api.md): implementation types stay internal, every package
/// declares its surface in PublicAPI.Shipped.txt and PublicAPI.Unshipped.txt, and those files describe what is built.
/// </summary>
public sealed class PublicSurfaceTests
{
    private static readonly string[] ApiFiles = ["PublicAPI.Shipped.txt", "PublicAPI.Unshipped.txt"];

    [Fact]
    public void ImplementationTypes_AreNotPublic()
    {
        Type[] implementation =
        [
            // Planning: candidate sizing, ranking, calibration fits and the labelled-scenario machinery.
            typeof(Candidate), typeof(CapacityResult), typeof(ReplicaPlanner), typeof(SizedCandidate), typeof(Ranker),
            typeof(ParetoFrontier), typeof(NonNegativeLeastSquares), typeof(EngineCalibrator), typeof(GpuWorkFit),
            typeof(IntentScenario), typeof(IntentScenarioSet), typeof(IntentScenarioEvaluator), typeof(FieldExpectation),
            // Core: the knowledge base's JSON documents and serialization plumbing.
            typeof(ModelsDocument), typeof(GpusDocument), typeof(UseCasesDocument), typeof(QualityDocument), typeof(CalibrationDocument),
            typeof(StringValueJsonConverter<>), typeof(KvCacheFormatTypeConverter), typeof(IStringValue<>),
        ];

        Assert.Empty(implementation.Where(t => t.IsVisible).Select(t => t.FullName));
    }

    [Fact]
    public void EveryPackage_HasPublicApiFiles()
    {
        var packages = Directory.GetDirectories(Path.Combine(PackageTests.PackedLibraries.Root, "src"), "Compass.*");
        Assert.NotEmpty(packages);
        foreach (var package in packages)
        {
            foreach (var file in ApiFiles)
            {
                var path = Path.Combine(package, file);
                Assert.True(File.Exists(path), $"{Path.GetFileName(package)} has no {file}: every package declares its public API (docs/public-api.md)");
                Assert.Equal("#nullable enable", File.ReadLines(path).FirstOrDefault());
            }
        }
    }

    [Fact]
    public void PublicApiFiles_DeclareEveryPublicType_OfCoreAndPlanning()
    {
        foreach (var assembly in new[] { typeof(GpuType).Assembly, typeof(CapacityPlanner).Assembly })
        {
            var package = assembly.GetName().Name!;
            var declared = ApiFiles
                .SelectMany(f => File.ReadLines(Path.Combine(PackageTests.PackedLibraries.Root, "src", package, f)))
                .ToHashSet(StringComparer.Ordinal);

            var undeclared = assembly.GetExportedTypes().Select(ApiName).Where(n => !declared.Contains(n)).ToList();

            Assert.True(undeclared.Count == 0, $"{package}: public but not in its PublicAPI files: {string.Join(", ", undeclared)}");
            Assert.NotEmpty(assembly.GetExportedTypes());
        }
    }

    /// <summary>A type's name as the PublicAPI files write it: nested types with a dot, generic parameters in angle brackets.</summary>
    private static string ApiName(Type type)
    {
        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick >= 0)
        {
            var inherited = type.DeclaringType?.GetGenericArguments().Length ?? 0;
            name = name[..tick] + "<" + string.Join(", ", type.GetGenericArguments().Skip(inherited).Select(a => a.Name)) + ">";
        }

        return type.DeclaringType is { } outer ? ApiName(outer) + "." + name : $"{type.Namespace}.{name}";
    }
}
