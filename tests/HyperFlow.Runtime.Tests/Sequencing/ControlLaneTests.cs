using CsCheck;
using HyperFlow.Runtime.Sequencing;

namespace HyperFlow.Runtime.Tests.Sequencing;

/// <summary>Control events must reach the consumer exactly where the producer put them among the records.</summary>
public class ControlLaneTests
{
    [Fact]
    public void RecordsAndControlEvents_AcrossThreads_ArriveInProducerOrder()
    {
        // A script of the producer's actions: a positive number n writes n records, a negative one
        // publishes a watermark; the consumer must observe the same interleaving.
        Gen.Select(Gen.Int[-3, 40].Array[1, 300], Gen.Int[2, 6], Gen.Int)
            .Sample(
                t =>
                {
                    (int[] script, int log2Capacity, int seed) = t;
                    var ring = new SpscRing<long>(1 << log2Capacity);
                    var expected = new List<string>();
                    long next = 0;
                    foreach (int step in script)
                    {
                        if (step > 0)
                        {
                            for (int i = 0; i < step; i++)
                            {
                                expected.Add($"r{next++}");
                            }
                        }
                        else
                        {
                            expected.Add($"w{next}");
                        }
                    }

                    expected.Add("end");
                    var producer = new Thread(() => Produce(ring, script, seed)) { IsBackground = true };
                    producer.Start();

                    var seen = new List<string>();
                    var random = new Random(~seed);
                    while (seen.Count == 0 || seen[^1] != "end")
                    {
                        ReadOnlySpan<long> batch = ring.Peek(random.Next(1, 16));
                        foreach (long r in batch)
                        {
                            seen.Add($"r{r}");
                        }

                        ring.Release(batch.Length);
                        if (batch.IsEmpty)
                        {
                            if (ring.TryTakeControl(out ControlEvent c))
                            {
                                seen.Add(c.Kind == ControlKind.EndOfInput ? "end" : $"w{c.Value}");
                            }
                            else
                            {
                                Thread.Yield();
                            }
                        }
                    }

                    Assert.True(producer.Join(TimeSpan.FromMinutes(1)), "producer did not finish");
                    Assert.Equal(expected, seen);
                },
                iter: 60);
    }

    [Fact]
    public void ControlEvent_RecordsSequenceItPrecedes()
    {
        var ring = new SpscRing<int>(8);
        ring.Write(1);
        ring.Write(2);
        Assert.True(ring.TryPublishControl(ControlKind.Barrier, 42));
        ring.Write(3);
        ring.Publish();

        Assert.Equal([1, 2], ring.Peek(10).ToArray());
        ring.Release(2);
        Assert.True(ring.TryTakeControl(out ControlEvent barrier));
        Assert.Equal(new ControlEvent(2, ControlKind.Barrier, 42), barrier);
        Assert.Equal([3], ring.Peek(10).ToArray());
    }

    private static void Produce(SpscRing<long> ring, int[] script, int seed)
    {
        var random = new Random(seed);
        long next = 0;
        foreach (int step in script)
        {
            if (step > 0)
            {
                int written = 0;
                while (written < step)
                {
                    int n = Math.Min(Math.Min(step - written, ring.FreeCapacity()), random.Next(1, 8));
                    for (int i = 0; i < n; i++)
                    {
                        ring.Write(next++);
                    }

                    written += n;
                    ring.Publish();
                    if (n == 0)
                    {
                        Thread.Yield();
                    }
                }
            }
            else
            {
                while (!ring.TryPublishControl(ControlKind.Watermark, next))
                {
                    Thread.Yield();
                }
            }
        }

        while (!ring.TryComplete())
        {
            Thread.Yield();
        }
    }
}
