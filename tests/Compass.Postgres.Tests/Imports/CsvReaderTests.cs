using Compass.Postgres.Imports;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Compass.Postgres.Tests.Imports;

public sealed class CsvReaderTests
{
    private static readonly char[] Alphabet = ['a', 'Z', '7', '.', ' ', ',', '"', '\n', '\r', 'é'];

    [Property(MaxTest = 300)]
    public Property QuotedRecords_ReadBack_AsWritten()
    {
        var field = Gen.Elements(Alphabet).ListOf().Select(c => new string([.. c]));
        var record = Gen.Choose(1, 5).SelectMany(n => field.ListOf(n)).Select(f => f.ToList());
        var records = Gen.Choose(1, 6).SelectMany(n => record.ListOf(n)).Select(r => r.ToList());
        return Prop.ForAll(records.ToArbitrary(), rows =>
        {
            // Every field quoted (so empty records and line breaks survive), CRLF between records.
            var text = string.Join("\r\n", rows.Select(r => string.Join(',', r.Select(f => "\"" + f.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""))));
            var reader = new CsvReader(text, "t.csv");
            var fields = new List<string>();
            var read = new List<List<string>>();
            while (reader.Read(fields) != 0)
            {
                read.Add([.. fields]);
            }

            return read.Count == rows.Count && read.Zip(rows).All(p => p.First.SequenceEqual(p.Second));
        });
    }

    [Fact]
    public void Read_GivesEachRecordsFirstLine_SkippingBlankLines_AcrossQuotedLineBreaks()
    {
        var reader = new CsvReader("\uFEFFa,b\n\n\"x\ny\",2\r\n3,\"q\"\"\"\n", "t.csv");
        var fields = new List<string>();
        var lines = new List<(int, string)>();
        int line;
        while ((line = reader.Read(fields)) != 0)
        {
            lines.Add((line, string.Join('|', fields)));
        }

        Assert.Equal([(1, "a|b"), (3, "x\ny|2"), (5, "3|q\"")], lines);
    }

    [Theory]
    [InlineData("GuideLLM", ImportFormat.GuideLlm)]
    [InlineData("vllm_bench", ImportFormat.VllmBench)]
    [InlineData("compass-loadtest", ImportFormat.CompassLoadTest)]
    [InlineData("PointsCsv", ImportFormat.PointsCsv)]
    [InlineData("prices-csv", ImportFormat.PricesCsv)]
    [InlineData("blis", ImportFormat.Blis)]
    public void FormatNames_ParseAndRoundTrip(string name, ImportFormat format)
    {
        Assert.Equal(format, ImportFormats.Parse(name));
        Assert.Equal(format, ImportFormats.Parse(ImportFormats.Name(format)));
    }

    [Fact]
    public void FormatNames_Unknown_ListsTheNames()
        => Assert.Contains("blis, guidellm, vllm-bench", Assert.Throws<FormatException>(() => ImportFormats.Parse("excel")).Message, StringComparison.Ordinal);
}
