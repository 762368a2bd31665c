import { createRng, type Rng } from './random.ts';

/**
 * Unit vectors shaped like sentence embeddings rather than uniform noise, for measuring HNSW at scales the real
 * corpus does not reach. Real embeddings (e5 included) share a common direction (all pairwise cosines are
 * positive), cluster by topic, and vary along far fewer directions than they have dimensions. Each vector here is
 *
 *   COMMON·g + TOPIC·c[topic] + LATENT·(L·z) + ISOTROPIC·n,   then L2-normalised,
 *
 * with g one shared direction, c one of TOPICS centres, L a fixed 384×LATENT_DIMENSIONS basis, and z, n Gaussian.
 * Uniform vectors would be a harsher test than real data (no structure for the graph to exploit) and clustered
 * ones without the isotropic part an easier one; the mix sits between, and its constants are stated in the report.
 */
export interface VectorShape {
  topics: number;
  latentDimensions: number;
  common: number;
  topic: number;
  latent: number;
  isotropic: number;
}

export const SYNTHETIC_VECTOR_SHAPE: VectorShape = {
  topics: 200,
  latentDimensions: 32,
  common: 0.5,
  topic: 0.6,
  latent: 0.6,
  isotropic: 0.25,
};

/**
 * Isotropic Gaussian directions, i.e. uniform on the sphere: no structure at all for the graph to exploit. Real
 * embeddings never look like this; it bounds HNSW recall from below.
 */
export const UNIFORM_VECTOR_SHAPE: VectorShape = { topics: 1, latentDimensions: 0, common: 0, topic: 0, latent: 0, isotropic: 1 };

interface Basis {
  common: Float32Array;
  topics: Float32Array[];
  latent: Float32Array[];
}

function gaussianVector(rng: Rng, dimension: number): Float32Array {
  const v = new Float32Array(dimension);
  for (let i = 0; i < dimension; i++) v[i] = rng.gaussian();
  return normalizeInPlace(v);
}

export function normalizeInPlace(v: Float32Array): Float32Array {
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += (v[i] as number) ** 2;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) / norm;
  return v;
}

/**
 * A family of vectors: the basis depends only on `basisSeed`, so passages and the queries made later with another
 * `seed` come from the same "embedding space", as real passages and questions do.
 */
export class SyntheticVectorSpace {
  private readonly basis: Basis;

  constructor(
    readonly dimension: number,
    basisSeed = 1,
    readonly shape: VectorShape = SYNTHETIC_VECTOR_SHAPE,
  ) {
    const rng = createRng(basisSeed);
    this.basis = {
      common: gaussianVector(rng, dimension),
      topics: Array.from({ length: shape.topics }, () => gaussianVector(rng, dimension)),
      latent: Array.from({ length: shape.latentDimensions }, () => gaussianVector(rng, dimension)),
    };
  }

  /** `count` unit vectors, the same for the same seed. */
  sample(count: number, seed: number): Float32Array[] {
    const rng = createRng(seed);
    const { common, topics, latent } = this.basis;
    const shape = this.shape;
    // Latent coefficients are scaled so that the latent part has unit expected length, like the other parts.
    const latentScale = latent.length > 0 ? shape.latent / Math.sqrt(latent.length) : 0;
    const isotropicScale = shape.isotropic / Math.sqrt(this.dimension);
    const out: Float32Array[] = [];
    for (let n = 0; n < count; n++) {
      const v = new Float32Array(this.dimension);
      const centre = topics[rng.int(topics.length)] as Float32Array;
      for (let i = 0; i < this.dimension; i++) {
        v[i] = shape.common * (common[i] as number) + shape.topic * (centre[i] as number) + isotropicScale * rng.gaussian();
      }
      for (const direction of latent) {
        const z = latentScale * rng.gaussian();
        for (let i = 0; i < this.dimension; i++) v[i] = (v[i] as number) + z * (direction[i] as number);
      }
      out.push(normalizeInPlace(v));
    }
    return out;
  }
}
