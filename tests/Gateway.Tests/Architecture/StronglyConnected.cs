namespace ActorMailProxy.Gateway.Tests.Architecture;

/// <summary>Tarjan's strongly connected components of a directed graph.</summary>
internal static class StronglyConnected
{
    public static IReadOnlyList<IReadOnlyList<string>> Components(IReadOnlyDictionary<string, IReadOnlyList<string>> successors)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var components = new List<IReadOnlyList<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in successors.GetValueOrDefault(node, []))
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], index[next]);
                }
            }
            if (low[node] != index[node])
            {
                return;
            }
            var component = new List<string>();
            string member;
            do
            {
                member = stack.Pop();
                onStack.Remove(member);
                component.Add(member);
            }
            while (member != node);
            components.Add(component);
        }

        foreach (var node in successors.Keys.Order(StringComparer.Ordinal).Where(n => !index.ContainsKey(n)))
        {
            Visit(node);
        }
        return components;
    }
}
