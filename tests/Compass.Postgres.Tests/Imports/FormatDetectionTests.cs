using System.Text;
using Compass.Postgres.Imports;
using static Compass.Postgres.Tests.Imports.ImportFixture;

namespace Compass.Postgres.Tests.Imports;

public sealed class FormatDetectionTests
{
    [Theory]
    [InlineData("blis-sample.json", ImportFormat.Blis)]
    [InlineData("guidellm-current.json", ImportFormat.GuideLlm)]
    [InlineData("guidellm-older.json", ImportFormat.GuideLlm)]
    [InlineData("compass-loadtest.json", ImportFormat.CompassLoadTest)]
    [InlineData("vllm-bench.json", ImportFormat.VllmBench)]
    [InlineData("vllm-bench-sweep.jsonl", ImportFormat.VllmBench)]
    [InlineData("points.csv", ImportFormat.PointsCsv)]
    [InlineData("prices.csv", ImportFormat.PricesCsv)]
    public void Detect_FixtureFiles_AreRecognised(string file, ImportFormat expected)
        => Assert.Equal(expected, BenchmarkImporter.Detect(File.ReadAllBytes(PathOf(file)), file));

    [Theory]
    [InlineData("\uFEFF\"gpu\",\"provider\",\"tier\",\"usd_per_gpu_hour\",\"effective_from\"\r\n", ImportFormat.PricesCsv)]
    [InlineData("MODEL , GPU, Request_Rate\n", ImportFormat.PointsCsv)]
    [InlineData("  {\"metadata\": {\"tool\" : \"compass\"}, \"benchmarks\": []}", ImportFormat.CompassLoadTest)]
    [InlineData("[{\"model_id\": \"x\", \"request_throughput\": 1}]", ImportFormat.VllmBench)]
    public void Detect_HeadersAndMarkers_WhateverTheSpacingAndCase(string head, ImportFormat expected)
        => Assert.Equal(expected, BenchmarkImporter.Detect(Encoding.UTF8.GetBytes(head), "x"));

    [Fact]
    public void Detect_UnknownContent_NamesTheFile_ListsTheFormats_AndFormat()
    {
        var ex = Assert.Throws<ImportException>(() => BenchmarkImporter.Detect("name,age\nbob,3\n"u8, "people.csv"));

        Assert.Equal("people.csv", ex.FileName);
        Assert.StartsWith("people.csv: the layout is not recognised", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Set the format in the import options", ex.Message, StringComparison.Ordinal);
        Assert.Equal(nameof(ImportOptions.Format), ex.Option);
        Assert.Contains("guidellm, vllm-bench, compass-loadtest, points-csv or prices-csv", ex.Message, StringComparison.Ordinal);
    }
}
