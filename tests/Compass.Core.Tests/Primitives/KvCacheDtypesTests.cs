namespace Compass.Core.Tests.Primitives;

public sealed class KvCacheDtypesTests
{
    [Theory]
    [InlineData("auto", "auto", 2)]
    [InlineData("bfloat16", "auto", 2)]
    [InlineData("FP16", "auto", 2)]
    [InlineData("fp8", "fp8", 1)]
    [InlineData(" fp8_e4m3 ", "fp8", 1)]
    [InlineData("fp8_e5m2", "fp8", 1)]
    public void Parse_ReadsVllmNames(string text, string canonical, double bytes)
    {
        var dtype = KvCacheDtypes.Parse(text);
        Assert.Equal(canonical, dtype);
        Assert.Equal(bytes, KvCacheDtypes.BytesPerElement(dtype));
    }

    [Theory]
    [InlineData("")]
    [InlineData("int8")]
    [InlineData("fp4")]
    [InlineData("fp8-e4m3")]
    public void Parse_RejectsOthers_SayingWhatIsAccepted(string text)
        => Assert.Contains("auto", Assert.Throws<FormatException>(() => KvCacheDtypes.Parse(text)).Message, StringComparison.Ordinal);
}
