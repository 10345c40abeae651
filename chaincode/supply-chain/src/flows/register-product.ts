import { identifier, plainStep, submitFlow, text } from '@scenechain/scene-kit';
import { z } from 'zod';
import { products, units } from '../model/product';
import { producers } from '../parties';

export const registerProduct = submitFlow({
  description: 'Registers a trade item; the submitting enterprise becomes its brand owner.',
  request: z.strictObject({ productId: identifier, name: text(200), unit: units }),
  on: products,
  by: producers,
  run: (scene, input) =>
    products.create(
      scene,
      {
        id: input.productId,
        name: input.name,
        unit: input.unit,
        owner: scene.actor.mspId,
        registeredAt: scene.now.iso,
      },
      { step: plainStep('registerProduct', 'ProductRegistered') },
    ),
});
