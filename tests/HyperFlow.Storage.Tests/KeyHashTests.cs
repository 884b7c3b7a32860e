using CsCheck;
using HyperFlow.Storage.Keys;

namespace HyperFlow.Storage.Tests;

/// <summary>
/// Key hashes decide which subtask owns a key and where its state lives in a checkpoint, so they must
/// never change between processes, runs or releases. These vectors are committed; if one fails, the
/// change would break every existing checkpoint.
/// </summary>
public class KeyHashTests
{
    [Theory]
    [InlineData(0L, 0xFD90E3272DC8CBA7UL, 126)]
    [InlineData(1L, 0x1C046A424EED09B1UL, 14)]
    [InlineData(2L, 0x3B352B8F0EC9F674UL, 29)]
    [InlineData(42L, 0xE47E6BA4DAEF2C85UL, 114)]
    [InlineData(-1L, 0x1D5B155EBFDD56D6UL, 14)]
    [InlineData(1000000007L, 0x48A44EECF5D95FE0UL, 36)]
    [InlineData(long.MaxValue, 0xC9EA929984DA829FUL, 100)]
    [InlineData(long.MinValue, 0x8498918E8B3BB5E5UL, 66)]
    public void Of_Long_MatchesCommittedVector(long key, ulong hash, int keyGroup)
    {
        Assert.Equal(hash, KeyHash.Of(key));
        Assert.Equal(keyGroup, KeyGroups.Of(KeyHash.Of(key), KeyGroups.DefaultMaxParallelism));
    }

    [Theory]
    [InlineData("", 0x2D06800538D394C2UL, 22)]
    [InlineData("a", 0xE6C632B61E964E1FUL, 115)]
    [InlineData("account-17", 0xC3C330E1E6F2EA4FUL, 97)]
    [InlineData("ünïcødé", 0x76FF80BBD5B8AA91UL, 59)]
    public void Of_String_MatchesCommittedVector(string key, ulong hash, int keyGroup)
    {
        Assert.Equal(hash, KeyHash.Of(key));
        Assert.Equal(keyGroup, KeyGroups.Of(KeyHash.Of(key), KeyGroups.DefaultMaxParallelism));
    }

    [Fact]
    public void Of_String_LongerThanStackBuffer_HashesAllBytes()
    {
        string a = new('x', 1000);
        string b = a[..999] + "y";
        Assert.NotEqual(KeyHash.Of(a), KeyHash.Of(b));
        Assert.Equal(KeyHash.Of(a), KeyHash.Of(new string('x', 1000)));
    }

    [Fact]
    public void Of_Guid_MatchesCommittedVector()
        => Assert.Equal(0x113AD91947AD48E4UL, KeyHash.Of(new Guid("0f8fad5b-d9cb-469f-a165-70867728950e")));

    [Fact]
    public void Of_Int_EqualsHashOfWidenedLong()
        => Gen.Int.Sample(i => Assert.Equal(KeyHash.Of((long)i), KeyHash.Of(i)));

    [Fact]
    public void Of_SequentialKeys_SpreadOverAllKeyGroups()
    {
        var counts = new int[KeyGroups.DefaultMaxParallelism];
        for (long key = 0; key < 128_000; key++)
        {
            counts[KeyGroups.Of(KeyHash.Of(key), counts.Length)]++;
        }

        // 1000 expected per group; a fair hash stays well within ±20%.
        Assert.All(counts, c => Assert.InRange(c, 800, 1200));
    }
}
