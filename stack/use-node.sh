# Sourced by .ci/run (and by anyone whose machine has an older Node): puts
# Node.js 24 LTS first on PATH. The official build is published on the npm
# registry as node-linux-<arch>, which machines that reach only package
# registries can still fetch; it is cached outside the repository.
CPE_NODE_VERSION=24.22.3
if [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)" != 24 ]; then
  cpe_node_home="${XDG_CACHE_HOME:-$HOME/.cache}/corporate-parenting-engine/node-$CPE_NODE_VERSION"
  if [ ! -x "$cpe_node_home/bin/node" ]; then
    case "$(uname -m)" in x86_64) cpe_node_arch=x64 ;; aarch64 | arm64) cpe_node_arch=arm64 ;; *) cpe_node_arch="$(uname -m)" ;; esac
    cpe_node_tmp="$(mktemp -d)"
    (cd "$cpe_node_tmp" && npm pack --silent "node-linux-$cpe_node_arch@$CPE_NODE_VERSION" >/dev/null) &&
      mkdir -p "$cpe_node_home" &&
      tar xzf "$cpe_node_tmp"/node-linux-*.tgz -C "$cpe_node_home" --strip-components=1
    rm -rf "$cpe_node_tmp"
  fi
  export PATH="$cpe_node_home/bin:$PATH"
fi
