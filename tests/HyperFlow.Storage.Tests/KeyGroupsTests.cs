using CsCheck;
using HyperFlow.Storage.Keys;

namespace HyperFlow.Storage.Tests;

public class KeyGroupsTests
{
    [Fact]
    public void RangeOf_ConsecutiveSubtasks_PartitionAllKeyGroupsAndAgreeWithOwnerOf()
    {
        Gen.Select(Gen.Int[1, 4096], Gen.Int[1, 4096])
            .Where(t => t.Item2 <= t.Item1)
            .Sample(t =>
            {
                (int maxParallelism, int parallelism) = t;
                int next = 0;
                for (int subtask = 0; subtask < parallelism; subtask++)
                {
                    (int start, int count) = KeyGroups.RangeOf(subtask, maxParallelism, parallelism);
                    Assert.Equal(next, start);
                    Assert.True(count >= 1, $"subtask {subtask} of {parallelism} owns no key group out of {maxParallelism}");
                    Assert.Equal(subtask, KeyGroups.OwnerOf(start, maxParallelism, parallelism));
                    Assert.Equal(subtask, KeyGroups.OwnerOf(start + count - 1, maxParallelism, parallelism));
                    next = start + count;
                }

                Assert.Equal(maxParallelism, next);
            });
    }

    [Fact]
    public void Of_AnyHash_IsWithinRange()
        => Gen.Select(Gen.ULong, Gen.Int[1, KeyGroups.MaxMaxParallelism])
            .Sample(t => Assert.InRange(KeyGroups.Of(t.Item1, t.Item2), 0, t.Item2 - 1));

    [Theory]
    [InlineData(0, 1)]
    [InlineData(128, 0)]
    [InlineData(128, 129)]
    [InlineData(KeyGroups.MaxMaxParallelism + 1, 1)]
    public void Validate_OutOfRange_ThrowsWithExplanation(int maxParallelism, int parallelism)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => KeyGroups.Validate(maxParallelism, parallelism));
        Assert.Contains("must be between", error.Message, StringComparison.Ordinal);
    }
}
