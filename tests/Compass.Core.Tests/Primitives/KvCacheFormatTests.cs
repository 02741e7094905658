using System.Text.Json;
using Compass.Core.Serialization;

namespace Compass.Core.Tests.Primitives;

public sealed class KvCacheFormatTests
{
    [Theory]
    [InlineData("auto", "auto", 2)]
    [InlineData("bfloat16", "bfloat16", 2)]
    [InlineData("BF16", "bfloat16", 2)]
    [InlineData("FP16", "float16", 2)]
    [InlineData("half", "float16", 2)]
    [InlineData("fp8", "fp8", 1)]
    [InlineData(" fp8_e4m3 ", "fp8", 1)]
    [InlineData("fp8_e5m2", "fp8", 1)]
    public void Parse_ReadsVllmNames(string text, string canonical, int bytes)
    {
        var format = KvCacheFormat.Parse(text);
        Assert.Equal(canonical, format.ToString());
        Assert.Equal(bytes, format.BytesPerElement);
        Assert.Equal(bytes == 1, format.IsFp8);
        Assert.Equal(format, KvCacheFormat.Parse(format.Value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("int8")]
    [InlineData("fp4")]
    [InlineData("fp8-e4m3")]
    public void Parse_RejectsOthers_SayingWhatIsAccepted(string text)
    {
        Assert.Contains("auto", Assert.Throws<FormatException>(() => KvCacheFormat.Parse(text)).Message, StringComparison.Ordinal);
        Assert.False(KvCacheFormat.TryParse(text, out _));
    }

    [Fact]
    public void Default_IsAuto() => Assert.Equal(KvCacheFormat.Auto, default);

    [Fact]
    public void WellKnown_AreDistinct_AndEveryNameParsesToOne()
    {
        Assert.Equal(KvCacheFormat.WellKnown.Count, KvCacheFormat.WellKnown.Distinct().Count());
        Assert.All(KvCacheFormat.Names, n => Assert.Contains(KvCacheFormat.Parse(n), KvCacheFormat.WellKnown));
    }

    [Theory]
    [InlineData("\"fp8\"", "fp8")]
    [InlineData("\"auto\"", "auto")]
    [InlineData("\"fp8_e5m2\"", "fp8")]
    [InlineData("\"bf16\"", "bfloat16")]
    public void Json_ReadsVllmNames_AndWritesTheCanonicalOne(string json, string canonical)
    {
        var format = JsonSerializer.Deserialize<KvCacheFormat>(json, CompassJson.Options);
        Assert.Equal($"\"{canonical}\"", JsonSerializer.Serialize(format, CompassJson.Options));
    }

    [Fact]
    public void Json_RejectsUnknownNames()
        => Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<KvCacheFormat>("\"int4\"", CompassJson.Options));

    [Fact]
    public void TypeConverter_ReadsAndWritesVllmNames_ForOptionsBoundFromConfiguration()
    {
        var converter = System.ComponentModel.TypeDescriptor.GetConverter(typeof(KvCacheFormat));
        Assert.Equal(KvCacheFormat.Fp8, converter.ConvertFromInvariantString("fp8_e4m3"));
        Assert.Equal("fp8", converter.ConvertToInvariantString(KvCacheFormat.Fp8));
    }
}
