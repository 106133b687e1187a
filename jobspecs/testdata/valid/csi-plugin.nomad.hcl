job "ebs-nodes" {
  type = "system"
  group "nodes" {
    task "plugin" {
      driver = "docker"
      config {
        image      = "amazon/aws-ebs-csi-driver:v1.20.0"
        privileged = true
        args       = ["node", "--endpoint=unix://csi/csi.sock"]
      }
      csi_plugin {
        id             = "aws-ebs0"
        type           = "node"
        mount_dir      = "/csi"
        health_timeout = "1m"
      }
    }
  }
}
