using System.Collections.Generic;
using HyperFlow.Generators.Model;

namespace HyperFlow.Generators
{
    /// <summary>
    /// Splits a pipeline's stages into chains. Stages fuse into one chain until a key-by, which needs a
    /// hash exchange: the key-by ends its chain (it routes each event by key) and the next chain starts
    /// with the keyed stage it feeds. Pure: same stages in, same chains out.
    /// </summary>
    internal static class FusionPlanner
    {
        public static IReadOnlyList<ChainModel> Plan(EquatableArray<StageModel> stages)
        {
            var chains = new List<ChainModel>();
            var current = new List<StageModel>();
            StageModel? inputKeyBy = null;
            string inputType = stages.Count > 0 ? stages[0].OutType : string.Empty;

            foreach (StageModel stage in stages)
            {
                current.Add(stage);
                if (stage.Kind == StageKind.KeyBy)
                {
                    chains.Add(new ChainModel(chains.Count, inputType, inputKeyBy, new EquatableArray<StageModel>(current)));
                    current.Clear();
                    inputKeyBy = stage;
                    inputType = stage.InType;
                }
            }

            if (current.Count > 0)
            {
                chains.Add(new ChainModel(chains.Count, inputType, inputKeyBy, new EquatableArray<StageModel>(current)));
            }

            return chains;
        }
    }
}
