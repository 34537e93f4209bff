namespace ActorMailProxy.Gateway.Tls;

/// <summary>
/// --cluster_cert_file, --cluster_key_file, --cluster_ca_file (mailproxy.cluster.tls): the files that put the cluster
/// port behind mutual TLS; <see cref="ClusterTls"/> loads them.
/// </summary>
/// <param name="CertFile">This node's certificate (PEM), issued by the cluster's CA; may hold the key as well.</param>
/// <param name="KeyFile">Its private key (PEM); null when it is in <paramref name="CertFile"/>.</param>
/// <param name="CaFile">The cluster's CA certificate(s) (PEM): the only anchors a peer's certificate may chain to.</param>
public sealed record ClusterTlsSettings(string CertFile, string? KeyFile, string CaFile);
