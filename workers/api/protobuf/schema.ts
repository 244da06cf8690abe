// Protobuf field numbers and Go JSON facts of the Kubernetes 1.32 types, extracted by a dev-time
// script from kubernetes/api v0.32.9 (<group>/<version>/generated.proto and types.go for core,
// apps, batch, autoscaling, policy, rbac, authorization, authentication, discovery, coordination,
// events, networking and scheduling, all v1) and kubernetes/apimachinery v0.32.9
// (pkg/apis/meta/v1/generated.proto, types.go, group_version.go): the types reachable from the
// kinds clients send, minus lists and options. The notation is described in schema-format.ts.

import type { ProtobufPackages } from './schema-format.ts';

export const PROTOBUF_PACKAGES: ProtobufPackages = {
  core: {
    apiVersion: 'v1',
    kinds:
      'Binding ConfigMap Endpoints Event LimitRange Namespace Node PersistentVolume PersistentVolumeClaim Pod PodTemplate ReplicationController ResourceQuota Secret Service ServiceAccount',
    messages: {
      AWSElasticBlockStoreVolumeSource: '1volumeID!:s 2fsType:s=FSType 3partition:i 4readOnly:b',
      Affinity:
        '1nodeAffinity:*NodeAffinity 2podAffinity:*PodAffinity 3podAntiAffinity:*PodAntiAffinity',
      AppArmorProfile: '1type!:s 2localhostProfile:*s',
      AttachedVolume: '1name!:s 2devicePath!:s',
      AzureDiskVolumeSource:
        '1diskName!:s 2diskURI!:s=DataDiskURI 3cachingMode:*s 4fsType:*s=FSType 5readOnly:*b 6kind:*s',
      AzureFilePersistentVolumeSource:
        '1secretName!:s 2shareName!:s 3readOnly:b 4secretNamespace!:*s',
      AzureFileVolumeSource: '1secretName!:s 2shareName!:s 3readOnly:b',
      Binding: '1metadata:meta.ObjectMeta=ObjectMeta 2target!:ObjectReference',
      CSIPersistentVolumeSource:
        '1driver!:s 2volumeHandle!:s 3readOnly:b 4fsType:s=FSType 5volumeAttributes:{}s 6controllerPublishSecretRef:*SecretReference 7nodeStageSecretRef:*SecretReference 8nodePublishSecretRef:*SecretReference 9controllerExpandSecretRef:*SecretReference 10nodeExpandSecretRef:*SecretReference',
      CSIVolumeSource:
        '1driver!:s 2readOnly:*b 3fsType:*s=FSType 4volumeAttributes:{}s 5nodePublishSecretRef:*LocalObjectReference',
      Capabilities: '1add:[]s 2drop:[]s',
      CephFSPersistentVolumeSource:
        '1monitors!:[]s 2path:s 3user:s 4secretFile:s 5secretRef:*SecretReference 6readOnly:b',
      CephFSVolumeSource:
        '1monitors!:[]s 2path:s 3user:s 4secretFile:s 5secretRef:*LocalObjectReference 6readOnly:b',
      CinderPersistentVolumeSource:
        '1volumeID!:s 2fsType:s=FSType 3readOnly:b 4secretRef:*SecretReference',
      CinderVolumeSource:
        '1volumeID!:s 2fsType:s=FSType 3readOnly:b 4secretRef:*LocalObjectReference',
      ClientIPConfig: '1timeoutSeconds:*i',
      ClusterTrustBundleProjection:
        '1name:*s 2signerName:*s 3labelSelector:*meta.LabelSelector 5optional:*b 4path!:s',
      ConfigMap: '1metadata:meta.ObjectMeta=ObjectMeta 4immutable:*b 2data:{}s 3binaryData:{}y',
      ConfigMapEnvSource: '1:LocalObjectReference 2optional:*b',
      ConfigMapKeySelector: '1:LocalObjectReference 2key!:s 3optional:*b',
      ConfigMapNodeConfigSource:
        '1namespace!:s 2name!:s 3uid:s=UID 4resourceVersion:s 5kubeletConfigKey!:s',
      ConfigMapProjection: '1:LocalObjectReference 2items:[]KeyToPath 4optional:*b',
      ConfigMapVolumeSource:
        '1:LocalObjectReference 2items:[]KeyToPath 3defaultMode:*i 4optional:*b',
      Container:
        '1name!:s 2image:s 3command:[]s 4args:[]s 5workingDir:s 6ports:[]ContainerPort 19envFrom:[]EnvFromSource 7env:[]EnvVar 8resources:ResourceRequirements 23resizePolicy:[]ContainerResizePolicy 24restartPolicy:*s 9volumeMounts:[]VolumeMount 21volumeDevices:[]VolumeDevice 10livenessProbe:*Probe 11readinessProbe:*Probe 22startupProbe:*Probe 12lifecycle:*Lifecycle 13terminationMessagePath:s 20terminationMessagePolicy:s 14imagePullPolicy:s 15securityContext:*SecurityContext 16stdin:b 17stdinOnce:b 18tty:b=TTY',
      ContainerImage: '1names!:[]s 2sizeBytes:l',
      ContainerPort: '1name:s 2hostPort:i 3containerPort!:i 4protocol:s 5hostIP:s',
      ContainerResizePolicy: '1resourceName!:s 2restartPolicy!:s',
      ContainerState:
        '1waiting:*ContainerStateWaiting 2running:*ContainerStateRunning 3terminated:*ContainerStateTerminated',
      ContainerStateRunning: '1startedAt:t',
      ContainerStateTerminated:
        '1exitCode!:i 2signal:i 3reason:s 4message:s 5startedAt:t 6finishedAt:t 7containerID:s',
      ContainerStateWaiting: '1reason:s 2message:s',
      ContainerStatus:
        '1name!:s 2state:ContainerState 3lastState:ContainerState=LastTerminationState 4ready!:b 5restartCount!:i 6image!:s 7imageID!:s 8containerID:s 9started:*b 10allocatedResources:{}q 11resources:*ResourceRequirements 12volumeMounts:[]VolumeMountStatus 13user:*ContainerUser 14allocatedResourcesStatus:[]ResourceStatus',
      ContainerUser: '1linux:*LinuxContainerUser',
      DaemonEndpoint: '1Port!:i',
      DownwardAPIProjection: '1items:[]DownwardAPIVolumeFile',
      DownwardAPIVolumeFile:
        '1path!:s 2fieldRef:*ObjectFieldSelector 3resourceFieldRef:*ResourceFieldSelector 4mode:*i',
      DownwardAPIVolumeSource: '1items:[]DownwardAPIVolumeFile 2defaultMode:*i',
      EmptyDirVolumeSource: '1medium:s 2sizeLimit:*q',
      EndpointAddress: '1ip!:s=IP 3hostname:s 4nodeName:*s 2targetRef:*ObjectReference',
      EndpointPort: '1name:s 2port!:i 3protocol:s 4appProtocol:*s',
      EndpointSubset:
        '1addresses:[]EndpointAddress 2notReadyAddresses:[]EndpointAddress 3ports:[]EndpointPort',
      Endpoints: '1metadata:meta.ObjectMeta=ObjectMeta 2subsets:[]EndpointSubset',
      EnvFromSource: '1prefix:s 2configMapRef:*ConfigMapEnvSource 3secretRef:*SecretEnvSource',
      EnvVar: '1name!:s 2value:s 3valueFrom:*EnvVarSource',
      EnvVarSource:
        '1fieldRef:*ObjectFieldSelector 2resourceFieldRef:*ResourceFieldSelector 3configMapKeyRef:*ConfigMapKeySelector 4secretKeyRef:*SecretKeySelector',
      EphemeralContainer: '1:EphemeralContainerCommon 2targetContainerName:s',
      EphemeralContainerCommon:
        '1name!:s 2image:s 3command:[]s 4args:[]s 5workingDir:s 6ports:[]ContainerPort 19envFrom:[]EnvFromSource 7env:[]EnvVar 8resources:ResourceRequirements 23resizePolicy:[]ContainerResizePolicy 24restartPolicy:*s 9volumeMounts:[]VolumeMount 21volumeDevices:[]VolumeDevice 10livenessProbe:*Probe 11readinessProbe:*Probe 22startupProbe:*Probe 12lifecycle:*Lifecycle 13terminationMessagePath:s 20terminationMessagePolicy:s 14imagePullPolicy:s 15securityContext:*SecurityContext 16stdin:b 17stdinOnce:b 18tty:b=TTY',
      EphemeralVolumeSource: '1volumeClaimTemplate:*PersistentVolumeClaimTemplate',
      Event:
        '1metadata!:meta.ObjectMeta=ObjectMeta 2involvedObject!:ObjectReference 3reason:s 4message:s 5source:EventSource 6firstTimestamp:t 7lastTimestamp:t 8count:i 9type:s 10eventTime:m 11series:*EventSeries 12action:s 13related:*ObjectReference 14reportingComponent!:s=ReportingController 15reportingInstance!:s',
      EventSeries: '1count:i 2lastObservedTime:m',
      EventSource: '1component:s 2host:s',
      ExecAction: '1command:[]s',
      FCVolumeSource: '1targetWWNs:[]s 2lun:*i 3fsType:s=FSType 4readOnly:b 5wwids:[]s=WWIDs',
      FlexPersistentVolumeSource:
        '1driver!:s 2fsType:s=FSType 3secretRef:*SecretReference 4readOnly:b 5options:{}s',
      FlexVolumeSource:
        '1driver!:s 2fsType:s=FSType 3secretRef:*LocalObjectReference 4readOnly:b 5options:{}s',
      FlockerVolumeSource: '1datasetName:s 2datasetUUID:s',
      GCEPersistentDiskVolumeSource: '1pdName!:s=PDName 2fsType:s=FSType 3partition:i 4readOnly:b',
      GRPCAction: '1port!:i 2service!:*s',
      GitRepoVolumeSource: '1repository!:s 2revision:s 3directory:s',
      GlusterfsPersistentVolumeSource:
        '1endpoints!:s=EndpointsName 2path!:s 3readOnly:b 4endpointsNamespace:*s',
      GlusterfsVolumeSource: '1endpoints!:s=EndpointsName 2path!:s 3readOnly:b',
      HTTPGetAction: '1path:s 2port!:n 3host:s 4scheme:s 5httpHeaders:[]HTTPHeader=HTTPHeaders',
      HTTPHeader: '1name!:s 2value!:s',
      HostAlias: '1ip!:s=IP 2hostnames:[]s',
      HostIP: '1ip!:s=IP',
      HostPathVolumeSource: '1path!:s 2type:*s',
      ISCSIPersistentVolumeSource:
        '1targetPortal!:s 2iqn!:s=IQN 3lun!:i 4iscsiInterface:s=ISCSIInterface 5fsType:s=FSType 6readOnly:b 7portals:[]s 8chapAuthDiscovery:b=DiscoveryCHAPAuth 11chapAuthSession:b=SessionCHAPAuth 10secretRef:*SecretReference 12initiatorName:*s',
      ISCSIVolumeSource:
        '1targetPortal!:s 2iqn!:s=IQN 3lun!:i 4iscsiInterface:s=ISCSIInterface 5fsType:s=FSType 6readOnly:b 7portals:[]s 8chapAuthDiscovery:b=DiscoveryCHAPAuth 11chapAuthSession:b=SessionCHAPAuth 10secretRef:*LocalObjectReference 12initiatorName:*s',
      ImageVolumeSource: '1reference:s 2pullPolicy:s',
      KeyToPath: '1key!:s 2path!:s 3mode:*i',
      Lifecycle: '1postStart:*LifecycleHandler 2preStop:*LifecycleHandler',
      LifecycleHandler:
        '1exec:*ExecAction 2httpGet:*HTTPGetAction=HTTPGet 3tcpSocket:*TCPSocketAction=TCPSocket 4sleep:*SleepAction',
      LimitRange: '1metadata:meta.ObjectMeta=ObjectMeta 2spec:LimitRangeSpec',
      LimitRangeItem:
        '1type!:s 2max:{}q 3min:{}q 4default:{}q 5defaultRequest:{}q 6maxLimitRequestRatio:{}q',
      LimitRangeSpec: '1limits!:[]LimitRangeItem',
      LinuxContainerUser: '1uid!:l=UID 2gid!:l=GID 3supplementalGroups:[]l',
      LoadBalancerIngress: '1ip:s=IP 2hostname:s 3ipMode:*s=IPMode 4ports:[]PortStatus',
      LoadBalancerStatus: '1ingress:[]LoadBalancerIngress',
      LocalObjectReference: '1name:s',
      LocalVolumeSource: '1path!:s 2fsType:*s=FSType',
      ModifyVolumeStatus: '1targetVolumeAttributesClassName:s 2status!:s',
      NFSVolumeSource: '1server!:s 2path!:s 3readOnly:b',
      Namespace: '1metadata:meta.ObjectMeta=ObjectMeta 2spec:NamespaceSpec 3status:NamespaceStatus',
      NamespaceCondition: '1type!:s 2status!:s 4lastTransitionTime:t 5reason:s 6message:s',
      NamespaceSpec: '1finalizers:[]s',
      NamespaceStatus: '1phase:s 2conditions:[]NamespaceCondition',
      Node: '1metadata:meta.ObjectMeta=ObjectMeta 2spec:NodeSpec 3status:NodeStatus',
      NodeAddress: '1type!:s 2address!:s',
      NodeAffinity:
        '1requiredDuringSchedulingIgnoredDuringExecution:*NodeSelector 2preferredDuringSchedulingIgnoredDuringExecution:[]PreferredSchedulingTerm',
      NodeCondition:
        '1type!:s 2status!:s 3lastHeartbeatTime:t 4lastTransitionTime:t 5reason:s 6message:s',
      NodeConfigSource: '2configMap:*ConfigMapNodeConfigSource',
      NodeConfigStatus:
        '1assigned:*NodeConfigSource 2active:*NodeConfigSource 3lastKnownGood:*NodeConfigSource 4error:s',
      NodeDaemonEndpoints: '1kubeletEndpoint:DaemonEndpoint',
      NodeFeatures: '1supplementalGroupsPolicy:*b',
      NodeRuntimeHandler: '1name!:s 2features:*NodeRuntimeHandlerFeatures',
      NodeRuntimeHandlerFeatures: '1recursiveReadOnlyMounts:*b 2userNamespaces:*b',
      NodeSelector: '1nodeSelectorTerms!:[]NodeSelectorTerm',
      NodeSelectorRequirement: '1key!:s 2operator!:s 3values:[]s',
      NodeSelectorTerm:
        '1matchExpressions:[]NodeSelectorRequirement 2matchFields:[]NodeSelectorRequirement',
      NodeSpec:
        '1podCIDR:s 7podCIDRs:[]s 3providerID:s 4unschedulable:b 5taints:[]Taint 6configSource:*NodeConfigSource 2externalID:s=DoNotUseExternalID',
      NodeStatus:
        '1capacity:{}q 2allocatable:{}q 3phase:s 4conditions:[]NodeCondition 5addresses:[]NodeAddress 6daemonEndpoints:NodeDaemonEndpoints 7nodeInfo:NodeSystemInfo 8images:[]ContainerImage 9volumesInUse:[]s 10volumesAttached:[]AttachedVolume 11config:*NodeConfigStatus 12runtimeHandlers:[]NodeRuntimeHandler 13features:*NodeFeatures',
      NodeSystemInfo:
        '1machineID!:s 2systemUUID!:s 3bootID!:s 4kernelVersion!:s 5osImage!:s=OSImage 6containerRuntimeVersion!:s 7kubeletVersion!:s 8kubeProxyVersion!:s 9operatingSystem!:s 10architecture!:s',
      ObjectFieldSelector: '1apiVersion:s=APIVersion 2fieldPath!:s',
      ObjectReference:
        '1kind:s 2namespace:s 3name:s 4uid:s=UID 5apiVersion:s=APIVersion 6resourceVersion:s 7fieldPath:s',
      PersistentVolume:
        '1metadata:meta.ObjectMeta=ObjectMeta 2spec:PersistentVolumeSpec 3status:PersistentVolumeStatus',
      PersistentVolumeClaim:
        '1metadata:meta.ObjectMeta=ObjectMeta 2spec:PersistentVolumeClaimSpec 3status:PersistentVolumeClaimStatus',
      PersistentVolumeClaimCondition:
        '1type!:s 2status!:s 3lastProbeTime:t 4lastTransitionTime:t 5reason:s 6message:s',
      PersistentVolumeClaimSpec:
        '1accessModes:[]s 4selector:*meta.LabelSelector 2resources:VolumeResourceRequirements 3volumeName:s 5storageClassName:*s 6volumeMode:*s 7dataSource:*TypedLocalObjectReference 8dataSourceRef:*TypedObjectReference 9volumeAttributesClassName:*s',
      PersistentVolumeClaimStatus:
        '1phase:s 2accessModes:[]s 3capacity:{}q 4conditions:[]PersistentVolumeClaimCondition 5allocatedResources:{}q 7allocatedResourceStatuses:{}s 8currentVolumeAttributesClassName:*s 9modifyVolumeStatus:*ModifyVolumeStatus',
      PersistentVolumeClaimTemplate:
        '1metadata:meta.ObjectMeta=ObjectMeta 2spec!:PersistentVolumeClaimSpec',
      PersistentVolumeClaimVolumeSource: '1claimName!:s 2readOnly:b',
      PersistentVolumeSource:
        '1gcePersistentDisk:*GCEPersistentDiskVolumeSource=GCEPersistentDisk 2awsElasticBlockStore:*AWSElasticBlockStoreVolumeSource=AWSElasticBlockStore 3hostPath:*HostPathVolumeSource 4glusterfs:*GlusterfsPersistentVolumeSource 5nfs:*NFSVolumeSource=NFS 6rbd:*RBDPersistentVolumeSource=RBD 7iscsi:*ISCSIPersistentVolumeSource=ISCSI 8cinder:*CinderPersistentVolumeSource 9cephfs:*CephFSPersistentVolumeSource=CephFS 10fc:*FCVolumeSource=FC 11flocker:*FlockerVolumeSource 12flexVolume:*FlexPersistentVolumeSource 13azureFile:*AzureFilePersistentVolumeSource 14vsphereVolume:*VsphereVirtualDiskVolumeSource 15quobyte:*QuobyteVolumeSource 16azureDisk:*AzureDiskVolumeSource 17photonPersistentDisk:*PhotonPersistentDiskVolumeSource 18portworxVolume:*PortworxVolumeSource 19scaleIO:*ScaleIOPersistentVolumeSource 20local:*LocalVolumeSource 21storageos:*StorageOSPersistentVolumeSource=StorageOS 22csi:*CSIPersistentVolumeSource=CSI',
      PersistentVolumeSpec:
        '1capacity:{}q 2:PersistentVolumeSource 3accessModes:[]s 4claimRef:*ObjectReference 5persistentVolumeReclaimPolicy:s 6storageClassName:s 7mountOptions:[]s 8volumeMode:*s 9nodeAffinity:*VolumeNodeAffinity 10volumeAttributesClassName:*s',
      PersistentVolumeStatus: '1phase:s 2message:s 3reason:s 4lastPhaseTransitionTime:*t',
      PhotonPersistentDiskVolumeSource: '1pdID!:s 2fsType:s=FSType',
      Pod: '1metadata:meta.ObjectMeta=ObjectMeta 2spec:PodSpec 3status:PodStatus',
      PodAffinity:
        '1requiredDuringSchedulingIgnoredDuringExecution:[]PodAffinityTerm 2preferredDuringSchedulingIgnoredDuringExecution:[]WeightedPodAffinityTerm',
      PodAffinityTerm:
        '1labelSelector:*meta.LabelSelector 2namespaces:[]s 3topologyKey!:s 4namespaceSelector:*meta.LabelSelector 5matchLabelKeys:[]s 6mismatchLabelKeys:[]s',
      PodAntiAffinity:
        '1requiredDuringSchedulingIgnoredDuringExecution:[]PodAffinityTerm 2preferredDuringSchedulingIgnoredDuringExecution:[]WeightedPodAffinityTerm',
      PodCondition:
        '1type!:s 2status!:s 3lastProbeTime:t 4lastTransitionTime:t 5reason:s 6message:s',
      PodDNSConfig: '1nameservers:[]s 2searches:[]s 3options:[]PodDNSConfigOption',
      PodDNSConfigOption: '1name:s 2value:*s',
      PodIP: '1ip!:s=IP',
      PodOS: '1name!:s',
      PodReadinessGate: '1conditionType!:s',
      PodResourceClaim: '1name!:s 3resourceClaimName:*s 4resourceClaimTemplateName:*s',
      PodResourceClaimStatus: '1name!:s 2resourceClaimName:*s',
      PodSchedulingGate: '1name!:s',
      PodSecurityContext:
        '1seLinuxOptions:*SELinuxOptions=SELinuxOptions 8windowsOptions:*WindowsSecurityContextOptions 2runAsUser:*l 6runAsGroup:*l 3runAsNonRoot:*b 4supplementalGroups:[]l 12supplementalGroupsPolicy:*s 5fsGroup:*l=FSGroup 7sysctls:[]Sysctl 9fsGroupChangePolicy:*s=FSGroupChangePolicy 10seccompProfile:*SeccompProfile 11appArmorProfile:*AppArmorProfile 13seLinuxChangePolicy:*s=SELinuxChangePolicy',
      PodSpec:
        '1volumes:[]Volume 20initContainers:[]Container 2containers!:[]Container 34ephemeralContainers:[]EphemeralContainer 3restartPolicy:s 4terminationGracePeriodSeconds:*l 5activeDeadlineSeconds:*l 6dnsPolicy:s=DNSPolicy 7nodeSelector:{}s 8serviceAccountName:s 9serviceAccount:s=DeprecatedServiceAccount 21automountServiceAccountToken:*b 10nodeName:s 11hostNetwork:b 12hostPID:b 13hostIPC:b 27shareProcessNamespace:*b 14securityContext:*PodSecurityContext 15imagePullSecrets:[]LocalObjectReference 16hostname:s 17subdomain:s 18affinity:*Affinity 19schedulerName:s 22tolerations:[]Toleration 23hostAliases:[]HostAlias 24priorityClassName:s 25priority:*i 26dnsConfig:*PodDNSConfig=DNSConfig 28readinessGates:[]PodReadinessGate 29runtimeClassName:*s 30enableServiceLinks:*b 31preemptionPolicy:*s 32overhead:{}q 33topologySpreadConstraints:[]TopologySpreadConstraint 35setHostnameAsFQDN:*b 36os:*PodOS=OS 37hostUsers:*b 38schedulingGates:[]PodSchedulingGate 39resourceClaims:[]PodResourceClaim 40resources:*ResourceRequirements',
      PodStatus:
        '1phase:s 2conditions:[]PodCondition 3message:s 4reason:s 11nominatedNodeName:s 5hostIP:s 16hostIPs:[]HostIP 6podIP:s 12podIPs:[]PodIP 7startTime:*t 10initContainerStatuses:[]ContainerStatus 8containerStatuses:[]ContainerStatus 9qosClass:s=QOSClass 13ephemeralContainerStatuses:[]ContainerStatus 14resize:s 15resourceClaimStatuses:[]PodResourceClaimStatus',
      PodTemplate: '1metadata:meta.ObjectMeta=ObjectMeta 2template:PodTemplateSpec',
      PodTemplateSpec: '1metadata:meta.ObjectMeta=ObjectMeta 2spec:PodSpec',
      PortStatus: '1port!:i 2protocol!:s 3error:*s',
      PortworxVolumeSource: '1volumeID!:s 2fsType:s=FSType 3readOnly:b',
      PreferredSchedulingTerm: '1weight!:i 2preference!:NodeSelectorTerm',
      Probe:
        '1:ProbeHandler 2initialDelaySeconds:i 3timeoutSeconds:i 4periodSeconds:i 5successThreshold:i 6failureThreshold:i 7terminationGracePeriodSeconds:*l',
      ProbeHandler:
        '1exec:*ExecAction 2httpGet:*HTTPGetAction=HTTPGet 3tcpSocket:*TCPSocketAction=TCPSocket 4grpc:*GRPCAction=GRPC',
      ProjectedVolumeSource: '1sources!:[]VolumeProjection 2defaultMode:*i',
      QuobyteVolumeSource: '1registry!:s 2volume!:s 3readOnly:b 4user:s 5group:s 6tenant:s',
      RBDPersistentVolumeSource:
        '1monitors!:[]s=CephMonitors 2image!:s=RBDImage 3fsType:s=FSType 4pool:s=RBDPool 5user:s=RadosUser 6keyring:s 7secretRef:*SecretReference 8readOnly:b',
      RBDVolumeSource:
        '1monitors!:[]s=CephMonitors 2image!:s=RBDImage 3fsType:s=FSType 4pool:s=RBDPool 5user:s=RadosUser 6keyring:s 7secretRef:*LocalObjectReference 8readOnly:b',
      ReplicationController:
        '1metadata:meta.ObjectMeta=ObjectMeta 2spec:ReplicationControllerSpec 3status:ReplicationControllerStatus',
      ReplicationControllerCondition:
        '1type!:s 2status!:s 3lastTransitionTime:t 4reason:s 5message:s',
      ReplicationControllerSpec:
        '1replicas:*i 4minReadySeconds:i 2selector:{}s 3template:*PodTemplateSpec',
      ReplicationControllerStatus:
        '1replicas!:i 2fullyLabeledReplicas:i 4readyReplicas:i 5availableReplicas:i 3observedGeneration:l 6conditions:[]ReplicationControllerCondition',
      ResourceClaim: '1name!:s 2request:s',
      ResourceFieldSelector: '1containerName:s 2resource!:s 3divisor:q',
      ResourceHealth: '1resourceID!:s 2health:s',
      ResourceQuota:
        '1metadata:meta.ObjectMeta=ObjectMeta 2spec:ResourceQuotaSpec 3status:ResourceQuotaStatus',
      ResourceQuotaSpec: '1hard:{}q 2scopes:[]s 3scopeSelector:*ScopeSelector',
      ResourceQuotaStatus: '1hard:{}q 2used:{}q',
      ResourceRequirements: '1limits:{}q 2requests:{}q 3claims:[]ResourceClaim',
      ResourceStatus: '1name!:s 2resources:[]ResourceHealth',
      SELinuxOptions: '1user:s 2role:s 3type:s 4level:s',
      ScaleIOPersistentVolumeSource:
        '1gateway!:s 2system!:s 3secretRef!:*SecretReference 4sslEnabled:b=SSLEnabled 5protectionDomain:s 6storagePool:s 7storageMode:s 8volumeName:s 9fsType:s=FSType 10readOnly:b',
      ScaleIOVolumeSource:
        '1gateway!:s 2system!:s 3secretRef!:*LocalObjectReference 4sslEnabled:b=SSLEnabled 5protectionDomain:s 6storagePool:s 7storageMode:s 8volumeName:s 9fsType:s=FSType 10readOnly:b',
      ScopeSelector: '1matchExpressions:[]ScopedResourceSelectorRequirement',
      ScopedResourceSelectorRequirement: '1scopeName!:s 2operator!:s 3values:[]s',
      SeccompProfile: '1type!:s 2localhostProfile:*s',
      Secret:
        '1metadata:meta.ObjectMeta=ObjectMeta 5immutable:*b 2data:{}y 4stringData:{}s 3type:s',
      SecretEnvSource: '1:LocalObjectReference 2optional:*b',
      SecretKeySelector: '1:LocalObjectReference 2key!:s 3optional:*b',
      SecretProjection: '1:LocalObjectReference 2items:[]KeyToPath 4optional:*b',
      SecretReference: '1name:s 2namespace:s',
      SecretVolumeSource: '1secretName:s 2items:[]KeyToPath 3defaultMode:*i 4optional:*b',
      SecurityContext:
        '1capabilities:*Capabilities 2privileged:*b 3seLinuxOptions:*SELinuxOptions=SELinuxOptions 10windowsOptions:*WindowsSecurityContextOptions 4runAsUser:*l 8runAsGroup:*l 5runAsNonRoot:*b 6readOnlyRootFilesystem:*b 7allowPrivilegeEscalation:*b 9procMount:*s 11seccompProfile:*SeccompProfile 12appArmorProfile:*AppArmorProfile',
      Service: '1metadata:meta.ObjectMeta=ObjectMeta 2spec:ServiceSpec 3status:ServiceStatus',
      ServiceAccount:
        '1metadata:meta.ObjectMeta=ObjectMeta 2secrets:[]ObjectReference 3imagePullSecrets:[]LocalObjectReference 4automountServiceAccountToken:*b',
      ServiceAccountTokenProjection: '1audience:s 2expirationSeconds:*l 3path!:s',
      ServicePort: '1name:s 2protocol:s 6appProtocol:*s 3port!:i 4targetPort:n 5nodePort:i',
      ServiceSpec:
        '1ports:[]ServicePort 2selector:{}s 3clusterIP:s 18clusterIPs:[]s 4type:s 5externalIPs:[]s 7sessionAffinity:s 8loadBalancerIP:s 9loadBalancerSourceRanges:[]s 10externalName:s 11externalTrafficPolicy:s 12healthCheckNodePort:i 13publishNotReadyAddresses:b 14sessionAffinityConfig:*SessionAffinityConfig 19ipFamilies:[]s=IPFamilies 17ipFamilyPolicy:*s=IPFamilyPolicy 20allocateLoadBalancerNodePorts:*b 21loadBalancerClass:*s 22internalTrafficPolicy:*s 23trafficDistribution:*s',
      ServiceStatus: '1loadBalancer:LoadBalancerStatus 2conditions:[]meta.Condition',
      SessionAffinityConfig: '1clientIP:*ClientIPConfig',
      SleepAction: '1seconds!:l',
      StorageOSPersistentVolumeSource:
        '1volumeName:s 2volumeNamespace:s 3fsType:s=FSType 4readOnly:b 5secretRef:*ObjectReference',
      StorageOSVolumeSource:
        '1volumeName:s 2volumeNamespace:s 3fsType:s=FSType 4readOnly:b 5secretRef:*LocalObjectReference',
      Sysctl: '1name!:s 2value!:s',
      TCPSocketAction: '1port!:n 2host:s',
      Taint: '1key!:s 2value:s 3effect!:s 4timeAdded:*t',
      Toleration: '1key:s 2operator:s 3value:s 4effect:s 5tolerationSeconds:*l',
      TopologySpreadConstraint:
        '1maxSkew!:i 2topologyKey!:s 3whenUnsatisfiable!:s 4labelSelector:*meta.LabelSelector 5minDomains:*i 6nodeAffinityPolicy:*s 7nodeTaintsPolicy:*s 8matchLabelKeys:[]s',
      TypedLocalObjectReference: '1apiGroup!:*s=APIGroup 2kind!:s 3name!:s',
      TypedObjectReference: '1apiGroup!:*s=APIGroup 2kind!:s 3name!:s 4namespace:*s',
      Volume: '1name!:s 2:VolumeSource',
      VolumeDevice: '1name!:s 2devicePath!:s',
      VolumeMount:
        '1name!:s 2readOnly:b 7recursiveReadOnly:*s 3mountPath!:s 4subPath:s 5mountPropagation:*s 6subPathExpr:s',
      VolumeMountStatus: '1name!:s 2mountPath!:s 3readOnly:b 4recursiveReadOnly:*s',
      VolumeNodeAffinity: '1required:*NodeSelector',
      VolumeProjection:
        '1secret:*SecretProjection 2downwardAPI:*DownwardAPIProjection 3configMap:*ConfigMapProjection 4serviceAccountToken:*ServiceAccountTokenProjection 5clusterTrustBundle:*ClusterTrustBundleProjection',
      VolumeResourceRequirements: '1limits:{}q 2requests:{}q',
      VolumeSource:
        '1hostPath:*HostPathVolumeSource 2emptyDir:*EmptyDirVolumeSource 3gcePersistentDisk:*GCEPersistentDiskVolumeSource=GCEPersistentDisk 4awsElasticBlockStore:*AWSElasticBlockStoreVolumeSource=AWSElasticBlockStore 5gitRepo:*GitRepoVolumeSource 6secret:*SecretVolumeSource 7nfs:*NFSVolumeSource=NFS 8iscsi:*ISCSIVolumeSource=ISCSI 9glusterfs:*GlusterfsVolumeSource 10persistentVolumeClaim:*PersistentVolumeClaimVolumeSource 11rbd:*RBDVolumeSource=RBD 12flexVolume:*FlexVolumeSource 13cinder:*CinderVolumeSource 14cephfs:*CephFSVolumeSource=CephFS 15flocker:*FlockerVolumeSource 16downwardAPI:*DownwardAPIVolumeSource 17fc:*FCVolumeSource=FC 18azureFile:*AzureFileVolumeSource 19configMap:*ConfigMapVolumeSource 20vsphereVolume:*VsphereVirtualDiskVolumeSource 21quobyte:*QuobyteVolumeSource 22azureDisk:*AzureDiskVolumeSource 23photonPersistentDisk:*PhotonPersistentDiskVolumeSource 26projected:*ProjectedVolumeSource 24portworxVolume:*PortworxVolumeSource 25scaleIO:*ScaleIOVolumeSource 27storageos:*StorageOSVolumeSource=StorageOS 28csi:*CSIVolumeSource=CSI 29ephemeral:*EphemeralVolumeSource 30image:*ImageVolumeSource',
      VsphereVirtualDiskVolumeSource:
        '1volumePath!:s 2fsType:s=FSType 3storagePolicyName:s 4storagePolicyID:s',
      WeightedPodAffinityTerm: '1weight!:i 2podAffinityTerm!:PodAffinityTerm',
      WindowsSecurityContextOptions:
        '1gmsaCredentialSpecName:*s=GMSACredentialSpecName 2gmsaCredentialSpec:*s=GMSACredentialSpec 3runAsUserName:*s 4hostProcess:*b',
    },
  },
  apps: {
    apiVersion: 'apps/v1',
    kinds: 'ControllerRevision DaemonSet Deployment ReplicaSet StatefulSet',
    messages: {
      ControllerRevision: '1metadata:meta.ObjectMeta=ObjectMeta 2data:r 3revision!:l',
      DaemonSet: '1metadata:meta.ObjectMeta=ObjectMeta 2spec:DaemonSetSpec 3status:DaemonSetStatus',
      DaemonSetCondition: '1type!:s 2status!:s 3lastTransitionTime:t 4reason:s 5message:s',
      DaemonSetSpec:
        '1selector!:*meta.LabelSelector 2template!:core.PodTemplateSpec 3updateStrategy:DaemonSetUpdateStrategy 4minReadySeconds:i 6revisionHistoryLimit:*i',
      DaemonSetStatus:
        '1currentNumberScheduled!:i 2numberMisscheduled!:i 3desiredNumberScheduled!:i 4numberReady!:i 5observedGeneration:l 6updatedNumberScheduled:i 7numberAvailable:i 8numberUnavailable:i 9collisionCount:*i 10conditions:[]DaemonSetCondition',
      DaemonSetUpdateStrategy: '1type:s 2rollingUpdate:*RollingUpdateDaemonSet',
      Deployment:
        '1metadata:meta.ObjectMeta=ObjectMeta 2spec:DeploymentSpec 3status:DeploymentStatus',
      DeploymentCondition:
        '1type!:s 2status!:s 6lastUpdateTime:t 7lastTransitionTime:t 4reason:s 5message:s',
      DeploymentSpec:
        '1replicas:*i 2selector!:*meta.LabelSelector 3template!:core.PodTemplateSpec 4strategy:DeploymentStrategy 5minReadySeconds:i 6revisionHistoryLimit:*i 7paused:b 9progressDeadlineSeconds:*i',
      DeploymentStatus:
        '1observedGeneration:l 2replicas:i 3updatedReplicas:i 7readyReplicas:i 4availableReplicas:i 5unavailableReplicas:i 6conditions:[]DeploymentCondition 8collisionCount:*i',
      DeploymentStrategy: '1type:s 2rollingUpdate:*RollingUpdateDeployment',
      ReplicaSet:
        '1metadata:meta.ObjectMeta=ObjectMeta 2spec:ReplicaSetSpec 3status:ReplicaSetStatus',
      ReplicaSetCondition: '1type!:s 2status!:s 3lastTransitionTime:t 4reason:s 5message:s',
      ReplicaSetSpec:
        '1replicas:*i 4minReadySeconds:i 2selector!:*meta.LabelSelector 3template:core.PodTemplateSpec',
      ReplicaSetStatus:
        '1replicas!:i 2fullyLabeledReplicas:i 4readyReplicas:i 5availableReplicas:i 3observedGeneration:l 6conditions:[]ReplicaSetCondition',
      RollingUpdateDaemonSet: '1maxUnavailable:*n 2maxSurge:*n',
      RollingUpdateDeployment: '1maxUnavailable:*n 2maxSurge:*n',
      RollingUpdateStatefulSetStrategy: '1partition:*i 2maxUnavailable:*n',
      StatefulSet:
        '1metadata:meta.ObjectMeta=ObjectMeta 2spec:StatefulSetSpec 3status:StatefulSetStatus',
      StatefulSetCondition: '1type!:s 2status!:s 3lastTransitionTime:t 4reason:s 5message:s',
      StatefulSetOrdinals: '1start!:i',
      StatefulSetPersistentVolumeClaimRetentionPolicy: '1whenDeleted:s 2whenScaled:s',
      StatefulSetSpec:
        '1replicas:*i 2selector!:*meta.LabelSelector 3template!:core.PodTemplateSpec 4volumeClaimTemplates:[]core.PersistentVolumeClaim 5serviceName!:s 6podManagementPolicy:s 7updateStrategy:StatefulSetUpdateStrategy 8revisionHistoryLimit:*i 9minReadySeconds:i 10persistentVolumeClaimRetentionPolicy:*StatefulSetPersistentVolumeClaimRetentionPolicy 11ordinals:*StatefulSetOrdinals',
      StatefulSetStatus:
        '1observedGeneration:l 2replicas!:i 3readyReplicas:i 4currentReplicas:i 5updatedReplicas:i 6currentRevision:s 7updateRevision:s 9collisionCount:*i 10conditions:[]StatefulSetCondition 11availableReplicas!:i',
      StatefulSetUpdateStrategy: '1type:s 2rollingUpdate:*RollingUpdateStatefulSetStrategy',
    },
  },
  batch: {
    apiVersion: 'batch/v1',
    kinds: 'CronJob Job',
    messages: {
      CronJob: '1metadata:meta.ObjectMeta=ObjectMeta 2spec:CronJobSpec 3status:CronJobStatus',
      CronJobSpec:
        '1schedule!:s 8timeZone:*s 2startingDeadlineSeconds:*l 3concurrencyPolicy:s 4suspend:*b 5jobTemplate!:JobTemplateSpec 6successfulJobsHistoryLimit:*i 7failedJobsHistoryLimit:*i',
      CronJobStatus: '1active:[]core.ObjectReference 4lastScheduleTime:*t 5lastSuccessfulTime:*t',
      Job: '1metadata:meta.ObjectMeta=ObjectMeta 2spec:JobSpec 3status:JobStatus',
      JobCondition:
        '1type!:s 2status!:s 3lastProbeTime:t 4lastTransitionTime:t 5reason:s 6message:s',
      JobSpec:
        '1parallelism:*i 2completions:*i 3activeDeadlineSeconds:*l 11podFailurePolicy:*PodFailurePolicy 16successPolicy:*SuccessPolicy 7backoffLimit:*i 12backoffLimitPerIndex:*i 13maxFailedIndexes:*i 4selector:*meta.LabelSelector 5manualSelector:*b 6template!:core.PodTemplateSpec 8ttlSecondsAfterFinished:*i=TTLSecondsAfterFinished 9completionMode:*s 10suspend:*b 14podReplacementPolicy:*s 15managedBy:*s',
      JobStatus:
        '1conditions:[]JobCondition 2startTime:*t 3completionTime:*t 4active:i 5succeeded:i 6failed:i 11terminating:*i 7completedIndexes:s 10failedIndexes:*s 8uncountedTerminatedPods:*UncountedTerminatedPods 9ready:*i',
      JobTemplateSpec: '1metadata:meta.ObjectMeta=ObjectMeta 2spec:JobSpec',
      PodFailurePolicy: '1rules!:[]PodFailurePolicyRule',
      PodFailurePolicyOnExitCodesRequirement: '1containerName:*s 2operator!:s 3values!:[]i',
      PodFailurePolicyOnPodConditionsPattern: '1type!:s 2status!:s',
      PodFailurePolicyRule:
        '1action!:s 2onExitCodes:*PodFailurePolicyOnExitCodesRequirement 3onPodConditions:[]PodFailurePolicyOnPodConditionsPattern',
      SuccessPolicy: '1rules!:[]SuccessPolicyRule',
      SuccessPolicyRule: '1succeededIndexes:*s 2succeededCount:*i',
      UncountedTerminatedPods: '1succeeded:[]s 2failed:[]s',
    },
  },
  autoscaling: {
    apiVersion: 'autoscaling/v1',
    kinds: 'HorizontalPodAutoscaler Scale',
    messages: {
      CrossVersionObjectReference: '1kind!:s 2name!:s 3apiVersion:s=APIVersion',
      HorizontalPodAutoscaler:
        '1metadata:meta.ObjectMeta=ObjectMeta 2spec:HorizontalPodAutoscalerSpec 3status:HorizontalPodAutoscalerStatus',
      HorizontalPodAutoscalerSpec:
        '1scaleTargetRef!:CrossVersionObjectReference 2minReplicas:*i 3maxReplicas!:i 4targetCPUUtilizationPercentage:*i',
      HorizontalPodAutoscalerStatus:
        '1observedGeneration:*l 2lastScaleTime:*t 3currentReplicas!:i 4desiredReplicas!:i 5currentCPUUtilizationPercentage:*i',
      Scale: '1metadata:meta.ObjectMeta=ObjectMeta 2spec:ScaleSpec 3status:ScaleStatus',
      ScaleSpec: '1replicas:i',
      ScaleStatus: '1replicas!:i 2selector:s',
    },
  },
  policy: {
    apiVersion: 'policy/v1',
    kinds: 'Eviction PodDisruptionBudget',
    messages: {
      Eviction: '1metadata:meta.ObjectMeta=ObjectMeta 2deleteOptions:*meta.DeleteOptions',
      PodDisruptionBudget:
        '1metadata:meta.ObjectMeta=ObjectMeta 2spec:PodDisruptionBudgetSpec 3status:PodDisruptionBudgetStatus',
      PodDisruptionBudgetSpec:
        '1minAvailable:*n 2selector:*meta.LabelSelector 3maxUnavailable:*n 4unhealthyPodEvictionPolicy:*s',
      PodDisruptionBudgetStatus:
        '1observedGeneration:l 2disruptedPods:{}t 3disruptionsAllowed!:i 4currentHealthy!:i 5desiredHealthy!:i 6expectedPods!:i 7conditions:[]meta.Condition',
    },
  },
  rbac: {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kinds: 'ClusterRole ClusterRoleBinding Role RoleBinding',
    messages: {
      AggregationRule: '1clusterRoleSelectors:[]meta.LabelSelector',
      ClusterRole:
        '1metadata:meta.ObjectMeta=ObjectMeta 2rules!:[]PolicyRule 3aggregationRule:*AggregationRule',
      ClusterRoleBinding:
        '1metadata:meta.ObjectMeta=ObjectMeta 2subjects:[]Subject 3roleRef!:RoleRef',
      PolicyRule:
        '1verbs!:[]s 2apiGroups:[]s=APIGroups 3resources:[]s 4resourceNames:[]s 5nonResourceURLs:[]s',
      Role: '1metadata:meta.ObjectMeta=ObjectMeta 2rules!:[]PolicyRule',
      RoleBinding: '1metadata:meta.ObjectMeta=ObjectMeta 2subjects:[]Subject 3roleRef!:RoleRef',
      RoleRef: '1apiGroup!:s=APIGroup 2kind!:s 3name!:s',
      Subject: '1kind!:s 2apiGroup:s=APIGroup 3name!:s 4namespace:s',
    },
  },
  authorization: {
    apiVersion: 'authorization.k8s.io/v1',
    kinds:
      'LocalSubjectAccessReview SelfSubjectAccessReview SelfSubjectRulesReview SubjectAccessReview',
    messages: {
      ExtraValue: '[]s',
      FieldSelectorAttributes: '1rawSelector:s 2requirements:[]meta.FieldSelectorRequirement',
      LabelSelectorAttributes: '1rawSelector:s 2requirements:[]meta.LabelSelectorRequirement',
      LocalSubjectAccessReview:
        '1metadata:meta.ObjectMeta=ObjectMeta 2spec!:SubjectAccessReviewSpec 3status:SubjectAccessReviewStatus',
      NonResourceAttributes: '1path:s 2verb:s',
      NonResourceRule: '1verbs!:[]s 2nonResourceURLs:[]s',
      ResourceAttributes:
        '1namespace:s 2verb:s 3group:s 4version:s 5resource:s 6subresource:s 7name:s 8fieldSelector:*FieldSelectorAttributes 9labelSelector:*LabelSelectorAttributes',
      ResourceRule: '1verbs!:[]s 2apiGroups:[]s=APIGroups 3resources:[]s 4resourceNames:[]s',
      SelfSubjectAccessReview:
        '1metadata:meta.ObjectMeta=ObjectMeta 2spec!:SelfSubjectAccessReviewSpec 3status:SubjectAccessReviewStatus',
      SelfSubjectAccessReviewSpec:
        '1resourceAttributes:*ResourceAttributes 2nonResourceAttributes:*NonResourceAttributes',
      SelfSubjectRulesReview:
        '1metadata:meta.ObjectMeta=ObjectMeta 2spec!:SelfSubjectRulesReviewSpec 3status:SubjectRulesReviewStatus',
      SelfSubjectRulesReviewSpec: '1namespace:s',
      SubjectAccessReview:
        '1metadata:meta.ObjectMeta=ObjectMeta 2spec!:SubjectAccessReviewSpec 3status:SubjectAccessReviewStatus',
      SubjectAccessReviewSpec:
        '1resourceAttributes:*ResourceAttributes 2nonResourceAttributes:*NonResourceAttributes 3user:s 4groups:[]s 5extra:{}ExtraValue 6uid:s=UID',
      SubjectAccessReviewStatus: '1allowed!:b 4denied:b 2reason:s 3evaluationError:s',
      SubjectRulesReviewStatus:
        '1resourceRules!:[]ResourceRule 2nonResourceRules!:[]NonResourceRule 3incomplete!:b 4evaluationError:s',
    },
  },
  authentication: {
    apiVersion: 'authentication.k8s.io/v1',
    kinds: 'SelfSubjectReview TokenRequest TokenReview',
    messages: {
      BoundObjectReference: '1kind:s 2apiVersion:s=APIVersion 3name:s 4uid:s=UID',
      ExtraValue: '[]s',
      SelfSubjectReview: '1metadata:meta.ObjectMeta=ObjectMeta 2status:SelfSubjectReviewStatus',
      SelfSubjectReviewStatus: '1userInfo:UserInfo',
      TokenRequest:
        '1metadata:meta.ObjectMeta=ObjectMeta 2spec!:TokenRequestSpec 3status:TokenRequestStatus',
      TokenRequestSpec:
        '1audiences!:[]s 4expirationSeconds!:*l 3boundObjectRef!:*BoundObjectReference',
      TokenRequestStatus: '1token!:s 2expirationTimestamp!:t',
      TokenReview:
        '1metadata:meta.ObjectMeta=ObjectMeta 2spec!:TokenReviewSpec 3status:TokenReviewStatus',
      TokenReviewSpec: '1token:s 2audiences:[]s',
      TokenReviewStatus: '1authenticated:b 2user:UserInfo 4audiences:[]s 3error:s',
      UserInfo: '1username:s 2uid:s=UID 3groups:[]s 4extra:{}ExtraValue',
    },
  },
  discovery: {
    apiVersion: 'discovery.k8s.io/v1',
    kinds: 'EndpointSlice',
    messages: {
      Endpoint:
        '1addresses!:[]s 2conditions:EndpointConditions 3hostname:*s 4targetRef:*core.ObjectReference 5deprecatedTopology:{}s 6nodeName:*s 7zone:*s 8hints:*EndpointHints',
      EndpointConditions: '1ready:*b 2serving:*b 3terminating:*b',
      EndpointHints: '1forZones:[]ForZone',
      EndpointPort: '1name:*s 2protocol:*s 3port:*i 4appProtocol:*s',
      EndpointSlice:
        '1metadata:meta.ObjectMeta=ObjectMeta 4addressType!:s 2endpoints!:[]Endpoint 3ports!:[]EndpointPort',
      ForZone: '1name!:s',
    },
  },
  coordination: {
    apiVersion: 'coordination.k8s.io/v1',
    kinds: 'Lease',
    messages: {
      Lease: '1metadata:meta.ObjectMeta=ObjectMeta 2spec:LeaseSpec',
      LeaseSpec:
        '1holderIdentity:*s 2leaseDurationSeconds:*i 3acquireTime:*m 4renewTime:*m 5leaseTransitions:*i 6strategy:*s 7preferredHolder:*s',
    },
  },
  events: {
    apiVersion: 'events.k8s.io/v1',
    kinds: 'Event',
    messages: {
      Event:
        '1metadata!:meta.ObjectMeta=ObjectMeta 2eventTime!:m 3series:*EventSeries 4reportingController:s 5reportingInstance:s 6action:s 7reason:s 8regarding:core.ObjectReference 9related:*core.ObjectReference 10note:s 11type:s 12deprecatedSource:core.EventSource 13deprecatedFirstTimestamp:t 14deprecatedLastTimestamp:t 15deprecatedCount:i',
      EventSeries: '1count!:i 2lastObservedTime!:m',
    },
  },
  networking: {
    apiVersion: 'networking.k8s.io/v1',
    kinds: 'Ingress IngressClass NetworkPolicy',
    messages: {
      HTTPIngressPath: '1path:s 3pathType!:*s 2backend!:IngressBackend',
      HTTPIngressRuleValue: '1paths!:[]HTTPIngressPath',
      IPBlock: '1cidr!:s=CIDR 2except:[]s',
      Ingress: '1metadata:meta.ObjectMeta=ObjectMeta 2spec:IngressSpec 3status:IngressStatus',
      IngressBackend: '4service:*IngressServiceBackend 3resource:*core.TypedLocalObjectReference',
      IngressClass: '1metadata:meta.ObjectMeta=ObjectMeta 2spec:IngressClassSpec',
      IngressClassParametersReference:
        '1apiGroup:*s=APIGroup 2kind!:s 3name!:s 4scope!:*s 5namespace:*s',
      IngressClassSpec: '1controller:s 2parameters:*IngressClassParametersReference',
      IngressLoadBalancerIngress: '1ip:s=IP 2hostname:s 4ports:[]IngressPortStatus',
      IngressLoadBalancerStatus: '1ingress:[]IngressLoadBalancerIngress',
      IngressPortStatus: '1port!:i 2protocol!:s 3error:*s',
      IngressRule: '1host:s 2:IngressRuleValue',
      IngressRuleValue: '1http:*HTTPIngressRuleValue=HTTP',
      IngressServiceBackend: '1name!:s 2port:ServiceBackendPort',
      IngressSpec:
        '4ingressClassName:*s 1defaultBackend:*IngressBackend 2tls:[]IngressTLS=TLS 3rules:[]IngressRule',
      IngressStatus: '1loadBalancer:IngressLoadBalancerStatus',
      IngressTLS: '1hosts:[]s 2secretName:s',
      NetworkPolicy: '1metadata:meta.ObjectMeta=ObjectMeta 2spec:NetworkPolicySpec',
      NetworkPolicyEgressRule: '1ports:[]NetworkPolicyPort 2to:[]NetworkPolicyPeer',
      NetworkPolicyIngressRule: '1ports:[]NetworkPolicyPort 2from:[]NetworkPolicyPeer',
      NetworkPolicyPeer:
        '1podSelector:*meta.LabelSelector 2namespaceSelector:*meta.LabelSelector 3ipBlock:*IPBlock=IPBlock',
      NetworkPolicyPort: '1protocol:*s 2port:*n 3endPort:*i',
      NetworkPolicySpec:
        '1podSelector!:meta.LabelSelector 2ingress:[]NetworkPolicyIngressRule 3egress:[]NetworkPolicyEgressRule 4policyTypes:[]s',
      ServiceBackendPort: '1name:s 2number:i',
    },
  },
  scheduling: {
    apiVersion: 'scheduling.k8s.io/v1',
    kinds: 'PriorityClass',
    messages: {
      PriorityClass:
        '1metadata:meta.ObjectMeta=ObjectMeta 2value!:i 3globalDefault:b 4description:s 5preemptionPolicy:*s',
    },
  },
  meta: {
    messages: {
      Condition:
        '1type!:s 2status!:s 3observedGeneration:l 4lastTransitionTime!:t 5reason!:s 6message!:s',
      DeleteOptions:
        '1gracePeriodSeconds:*l 2preconditions:*Preconditions 3orphanDependents:*b 4propagationPolicy:*s 5dryRun:[]s 6ignoreStoreReadErrorWithClusterBreakingPotential:*b',
      FieldSelectorRequirement: '1key!:s 2operator!:s 3values:[]s',
      LabelSelector: '1matchLabels:{}s 2matchExpressions:[]LabelSelectorRequirement',
      LabelSelectorRequirement: '1key!:s 2operator!:s 3values:[]s',
      ManagedFieldsEntry:
        '1manager:s 2operation:s 3apiVersion:s=APIVersion 4time:*t 6fieldsType:s 7fieldsV1:*f 8subresource:s',
      ObjectMeta:
        '1name:s 2generateName:s 3namespace:s 4selfLink:s 5uid:s=UID 6resourceVersion:s 7generation:l 8creationTimestamp:t 9deletionTimestamp:*t 10deletionGracePeriodSeconds:*l 11labels:{}s 12annotations:{}s 13ownerReferences:[]OwnerReference 14finalizers:[]s 17managedFields:[]ManagedFieldsEntry',
      OwnerReference:
        '5apiVersion!:s=APIVersion 1kind!:s 3name!:s 4uid!:s=UID 6controller:*b 7blockOwnerDeletion:*b',
      Preconditions: '1uid:*s=UID 2resourceVersion:*s',
    },
  },
};
